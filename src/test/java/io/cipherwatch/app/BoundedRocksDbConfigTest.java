package io.cipherwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cipherwatch.topology.StoreNames;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbConfigTest {
  private final BoundedRocksDbConfig setter = new BoundedRocksDbConfig();

  private Options configured(String store) {
    Options o = new Options();
    o.setTableFormatConfig(new BlockBasedTableConfig());
    setter.setConfig(store, o, Map.of());
    return o;
  }

  @Test
  void storesWrittenByTheStreamThreadsShareOneWriteBufferBudget() {
    try (Options a = configured(StoreNames.ALERTS_LATEST); Options b = configured(StoreNames.READINESS_VERDICTS)) {
      assertNotNull(a.writeBufferManager());
      assertSame(a.writeBufferManager(), b.writeBufferManager());
      assertEquals(2, a.maxWriteBufferNumber());
    }
  }

  @Test
  void theMetadataStoreKeepsItsOwnSmallMemtablesOutsideTheBudget() {
    // restored at start-up, then idle: in the shared budget its last memtable made the other stores flush every
    // few writes (the 200,000-trunk bench ran at half speed)
    try (Options o = configured(StoreNames.TRUNK_METADATA)) {
      assertNull(o.writeBufferManager());
      assertEquals(BoundedRocksDbConfig.METADATA_WRITE_BUFFER_BYTES, o.writeBufferSize());
      assertEquals(2, o.maxWriteBufferNumber());
    }
  }
}
