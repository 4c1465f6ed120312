package io.cipherwatch.bench.jmh;

import io.cipherwatch.catalog.CipherCatalog;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@link CipherCatalog} lookups: by code (per output row) and by user spelling (configuration, replay input). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CatalogBenchmark {
  private static final int[] CODES = {0x003D, 0xC028, 0xC030, 0xC02F, 0x009C, 0x0035, 0xC014, 0x1301};

  private final CipherCatalog catalog = CipherCatalog.standard();
  private int i;

  /** The spellings {@link #parseCode} resolves. */
  @State(Scope.Thread)
  public static class Spelling {
    @Param({"0xC028", "0x00,0x3D", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-SHA384"})
    public String value;
  }

  /** IANA name of a code. */
  @Benchmark
  public String ianaName() {
    return catalog.ianaName(CODES[i++ & 7]);
  }

  /** Code of a spelling. */
  @Benchmark
  public int parseCode(Spelling spelling) {
    return catalog.parseCode(spelling.value);
  }
}
