package io.cipherwatch.serde;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Delegating client that counts calls, to observe what the serde caches. */
final class CountingClient implements SchemaRegistryClient {
  final SchemaRegistryClient delegate;
  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger byIds = new AtomicInteger();
  final AtomicInteger getIds = new AtomicInteger();
  final AtomicInteger latests = new AtomicInteger();

  CountingClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    byIds.incrementAndGet();
    return delegate.getById(id);
  }

  @Override
  public int getId(String subject, Schema schema) {
    getIds.incrementAndGet();
    return delegate.getId(subject, schema);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    latests.incrementAndGet();
    return delegate.latest(subject);
  }

  @Override
  public String location() {
    return delegate.location();
  }
}
