package io.cipherwatch.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses the Prometheus text exposition format (sample lines only) for assertions. */
public final class PromText {
  /** One sample: metric name, labels, value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String name) {
      return labels.get(name);
    }
  }

  private final List<Sample> samples;

  private PromText(List<Sample> samples) {
    this.samples = samples;
  }

  public static PromText parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        i++;
      }
      String name = line.substring(0, i);
      Map<String, String> labels = new LinkedHashMap<>();
      if (i < line.length() && line.charAt(i) == '{') {
        i++;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String key = line.substring(i, eq).trim();
          StringBuilder value = new StringBuilder();
          int j = eq + 2;
          for (; line.charAt(j) != '"'; j++) {
            char c = line.charAt(j);
            if (c == '\\') {
              char n = line.charAt(++j);
              value.append(n == 'n' ? '\n' : n);
            } else {
              value.append(c);
            }
          }
          labels.put(key, value.toString());
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        i++;
      }
      String[] rest = line.substring(i).trim().split("\\s+");
      out.add(new Sample(name, labels, Double.parseDouble(rest[0])));
    }
    return new PromText(out);
  }

  public List<Sample> all() {
    return samples;
  }

  /** Samples of one series name. */
  public List<Sample> family(String name) {
    return samples.stream().filter(s -> s.name.equals(name)).toList();
  }

  /** Every series name. */
  public Set<String> names() {
    Set<String> out = new TreeSet<>();
    samples.forEach(s -> out.add(s.name));
    return out;
  }

  /** The value of the single sample of {@code name} with these labels (others ignored), or NaN. */
  public double value(String name, String... labelPairs) {
    for (Sample s : family(name)) {
      boolean match = true;
      for (int k = 0; k < labelPairs.length; k += 2) {
        match &= labelPairs[k + 1].equals(s.labels.get(labelPairs[k]));
      }
      if (match) {
        return s.value;
      }
    }
    return Double.NaN;
  }
}
