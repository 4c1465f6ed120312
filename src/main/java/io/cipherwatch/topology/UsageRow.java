package io.cipherwatch.topology;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.serde.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A closed window's {@code cipher-usage} row before it is a {@link CipherUsage}: what the row is computed from.
 * The topology's sink writes it straight to Avro ({@link #writeAvro}: the bytes of the generated class's
 * writer, without building the record, its map and its timestamps per row); {@link #toAvro} builds the record
 * for everything else. Its {@code counts} are not changed once the row is made (a copy, or a constant), and
 * {@code metadataAvro} is {@link #metadataAvro(TrunkMetadata)} of its {@code metadata}.
 */
record UsageRow(String trunkId, Direction direction, long start, long end, UsageCounts counts,
    TrunkMetadata metadata, byte[] metadataAvro, long policyVersion) {
  private static final CipherCatalog CATALOG = CipherCatalog.standard();

  /** The fields {@link #writeAvro} writes, in its order: checked against the schema when the serde is made. */
  static final List<String> FIELDS = List.of("trunkId", "direction", "windowStart", "windowEnd", "handshakes",
      "establishedHandshakes", "failedHandshakes", "deprecatedHandshakes", "deprecatedShare",
      "wouldBreakHandshakes", "wouldBreakShare", "cleanHandshakes", "offersDeprecatedHandshakes",
      "prefersDeprecatedHandshakes", "deprecatedOnlyHandshakes", "cipherCounts", "riskLevel", "trunkName",
      "organizationId", "organizationName", "carrier", "region", "trunkType", "contact", "policyVersion");

  /** A row whose {@link #metadataAvro} is encoded from {@code metadata} now. */
  static UsageRow of(String trunkId, Direction direction, long start, long end, UsageCounts counts,
      TrunkMetadata metadata, long policyVersion) {
    return new UsageRow(trunkId, direction, start, end, counts, metadata, metadataAvro(metadata), policyVersion);
  }

  /**
   * The Avro encoding of a row's metadata fields, {@code trunkName} to {@code contact} (all null for null
   * metadata): the same for every row of a trunk, so the caller keeps it beside the decoded metadata.
   */
  static byte[] metadataAvro(TrunkMetadata md) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    try {
      optional(out, md == null ? null : md.getTrunkName());
      optional(out, md == null ? null : md.getOrganizationId());
      optional(out, md == null ? null : md.getOrganizationName());
      optional(out, md == null ? null : md.getCarrier());
      optional(out, md == null ? null : md.getRegion());
      optional(out, md == null ? null : md.getTrunkType());
      optional(out, md == null ? null : md.getContact());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** The row as the Avro record. */
  CipherUsage toAvro() {
    return AvroRecords.usage(trunkId, direction, start, end, counts, metadata, policyVersion);
  }

  /** Writes the Avro binary body of {@link #toAvro()}, field by field in {@link #FIELDS}' order. */
  void writeAvro(Encoder out) throws IOException {
    UsageCounts c = counts;
    long established = c.established();
    out.writeString(trunkId);
    out.writeEnum(direction.ordinal());
    out.writeLong(start);
    out.writeLong(end);
    out.writeLong(c.handshakes());
    out.writeLong(established);
    out.writeLong(c.failed());
    out.writeLong(c.deprecated());
    out.writeDouble(UsageCounts.share(c.deprecated(), established));
    out.writeLong(c.wouldBreak());
    out.writeDouble(UsageCounts.share(c.wouldBreak(), established));
    out.writeLong(c.count(Classification.CLEAN));
    out.writeLong(c.count(Classification.OFFERS_DEPRECATED));
    out.writeLong(c.count(Classification.PREFERS_DEPRECATED));
    out.writeLong(c.count(Classification.DEPRECATED_ONLY));
    // a counts object holds each code once, and the catalog has one name per code: no key repeats
    out.writeMapStart();
    out.setItemCount(c.cipherCount());
    for (int i = 0; i < c.cipherCount(); i++) {
      out.startItem();
      out.writeString(CATALOG.ianaName(c.cipherCode(i)));
      out.writeLong(c.cipherHandshakes(i));
    }
    out.writeMapEnd();
    out.writeEnum(c.riskLevel().ordinal());
    out.writeFixed(metadataAvro);
    out.writeLong(policyVersion);
  }

  /** A {@code ["null", "string"]} union. */
  private static void optional(Encoder out, String s) throws IOException {
    if (s == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeString(s);
    }
  }

  /** Throws unless {@code schemaFields} are {@link #FIELDS}, in order. */
  static void requireFields(List<String> schemaFields) {
    if (!schemaFields.equals(FIELDS)) {
      throw new IllegalStateException("UsageRow.writeAvro writes " + FIELDS + " but CipherUsage has " + schemaFields
          + ": change UsageRow with the schema");
    }
  }

  /**
   * The sink's serde: rows written by {@link #writeAvro} in the Confluent wire format of {@code avro}'s
   * configuration. Values of the topic are read back as {@link CipherUsage}, so its deserializer refuses.
   *
   * @throws IllegalStateException when {@link CipherUsage}'s schema no longer has {@link #FIELDS} in order
   */
  static Serde<UsageRow> serde(AvroSerde<CipherUsage> avro) {
    requireFields(CipherUsage.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    Serializer<UsageRow> serializer = avro.serializer().forView(UsageRow::writeAvro, UsageRow::toAvro);
    return new Serde<>() {
      @Override
      public Serializer<UsageRow> serializer() {
        return serializer;
      }

      @Override
      public Deserializer<UsageRow> deserializer() {
        return (topic, data) -> {
          throw new SerializationException("cipher-usage values are read as CipherUsage, not as rows");
        };
      }

      @Override
      public void close() {
        avro.close();
      }
    };
  }
}
