package io.cipherwatch.serde;

/**
 * The Confluent wire format: magic byte {@code 0}, the writer schema's registry id as a 4-byte big-endian
 * int, then the Avro binary encoding of the record.
 */
public final class ConfluentWireFormat {
  /** The first byte of every record in this format. */
  public static final byte MAGIC_BYTE = 0;
  /** Length of the header (magic byte and schema id) before the Avro body. */
  public static final int HEADER_SIZE = 5;

  private ConfluentWireFormat() {
  }

  /** Writes the header for {@code schemaId} into {@code buf[0..5)}. */
  public static void writeHeader(byte[] buf, int schemaId) {
    buf[0] = MAGIC_BYTE;
    buf[1] = (byte) (schemaId >>> 24);
    buf[2] = (byte) (schemaId >>> 16);
    buf[3] = (byte) (schemaId >>> 8);
    buf[4] = (byte) schemaId;
  }

  /**
   * Returns the schema id of a wire-format record, checking the header.
   *
   * @throws UnknownMagicByteException when the payload is empty or does not start with {@link #MAGIC_BYTE}
   * @throws CorruptAvroException when the payload is shorter than the header
   */
  public static int schemaId(String topic, byte[] payload) {
    if (payload.length == 0 || payload[0] != MAGIC_BYTE) {
      throw new UnknownMagicByteException(topic, payload);
    }
    if (payload.length < HEADER_SIZE) {
      throw new CorruptAvroException("Record on topic '" + topic + "' has only " + payload.length
          + " bytes: the Confluent wire format needs a 5-byte header (magic byte and schema id) before the"
          + " Avro body. The record was truncated or written by a broken producer.", null);
    }
    return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8) | (payload[4] & 0xff);
  }
}
