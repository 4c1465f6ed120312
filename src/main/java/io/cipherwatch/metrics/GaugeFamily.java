package io.cipherwatch.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One multi-gauge whose rows keep their value holder while their labels stay: a refresh updates values in place
 * and registers only new rows (removing vanished ones), instead of re-registering every meter on each scrape.
 */
final class GaugeFamily {
  private final MultiGauge gauge;
  private Map<Tags, Value> values = new HashMap<>();

  GaugeFamily(MultiGauge gauge) {
    this.gauge = gauge;
  }

  void set(List<GaugeRows.Sample> samples) {
    Map<Tags, Value> next = new HashMap<>(samples.size() * 2);
    List<MultiGauge.Row<?>> rows = new ArrayList<>(samples.size());
    for (GaugeRows.Sample s : samples) {
      Value v = values.get(s.tags());
      if (v == null) {
        v = new Value();
      }
      v.value = s.value();
      next.put(s.tags(), v);
      rows.add(MultiGauge.Row.of(s.tags(), v, Value::get));
    }
    values = next;
    gauge.register(rows, false);
  }

  /** A gauge value updated by refresh and read by the scrape. */
  private static final class Value {
    volatile double value;

    double get() {
      return value;
    }
  }
}
