package io.cipherwatch.app;

import io.cipherwatch.config.Settings;
import io.cipherwatch.topology.StoreNames;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of this process: one LRU block cache shared by all stores
 * ({@code cipherwatch.rocksdb.block-cache-bytes}), with memtables counted against it through a shared write
 * buffer manager ({@code cipherwatch.rocksdb.write-buffer-bytes}), index and filter blocks cached in it too. The
 * global trunk-metadata store, filled at start-up and idle after, has two 4 MiB memtables of its own instead of a
 * share of that budget.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  static final long METADATA_WRITE_BUFFER_BYTES = 4L << 20;
  private static Cache cache;
  private static WriteBufferManager writeBufferManager;

  private static synchronized void init(Map<String, Object> configs) {
    if (cache == null) {
      long cacheBytes = Long.parseLong(String.valueOf(configs.getOrDefault(Settings.ROCKSDB_BLOCK_CACHE.key(),
          Settings.ROCKSDB_BLOCK_CACHE.defaultValue())));
      long writeBytes = Long.parseLong(String.valueOf(configs.getOrDefault(Settings.ROCKSDB_WRITE_BUFFER.key(),
          Settings.ROCKSDB_WRITE_BUFFER.defaultValue())));
      cache = new LRUCache(cacheBytes, -1, false, 0.1);
      writeBufferManager = new WriteBufferManager(writeBytes, cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    init(configs);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    if (StoreNames.TRUNK_METADATA.equals(storeName)) {
      // written at start-up and rarely after: its last memtable would sit in the shared budget for good and make
      // the other stores flush every few writes, so it has its own small memtables (at most 2 x 4 MiB)
      options.setWriteBufferSize(METADATA_WRITE_BUFFER_BYTES);
    } else {
      options.setWriteBufferManager(writeBufferManager);
    }
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write buffer manager are shared by every store of the process: never closed per store
  }
}
