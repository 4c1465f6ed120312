package io.cipherwatch.capture.synth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds TLS records and hello messages byte by byte, for generated captures and tests. */
public final class TlsBytes {
  private TlsBytes() {}

  /** A record of {@code type} (22 handshake, 20 CCS, 21 alert, 23 application data) wrapping {@code body}. */
  public static byte[] record(int type, int version, byte[] body) {
    byte[] r = new byte[5 + body.length];
    r[0] = (byte) type;
    r[1] = (byte) (version >>> 8);
    r[2] = (byte) version;
    r[3] = (byte) (body.length >>> 8);
    r[4] = (byte) body.length;
    System.arraycopy(body, 0, r, 5, body.length);
    return r;
  }

  /** A handshake message: type, 24-bit length, body. */
  public static byte[] handshake(int type, byte[] body) {
    byte[] m = new byte[4 + body.length];
    m[0] = (byte) type;
    m[1] = (byte) (body.length >>> 16);
    m[2] = (byte) (body.length >>> 8);
    m[3] = (byte) body.length;
    System.arraycopy(body, 0, m, 4, body.length);
    return m;
  }

  /**
   * A ClientHello message (with its handshake header).
   *
   * @param random 32 bytes
   * @param suites offered suites in order
   * @param sni server name, or null
   * @param versions supported_versions entries, or null for none
   * @param padding bytes of a padding extension (0 for none)
   */
  public static byte[] clientHello(byte[] random, int[] suites, String sni, int[] versions, int padding) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(256 + suites.length * 2 + padding);
    u16(b, 0x0303);
    b.writeBytes(random);
    b.write(32);
    b.writeBytes(new byte[32]);
    u16(b, suites.length * 2);
    for (int s : suites) {
      u16(b, s);
    }
    b.write(1);
    b.write(0);
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    if (sni != null) {
      byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
      u16(ext, 0);
      u16(ext, name.length + 5);
      u16(ext, name.length + 3);
      ext.write(0);
      u16(ext, name.length);
      ext.writeBytes(name);
    }
    if (versions != null) {
      u16(ext, 43);
      u16(ext, 1 + versions.length * 2);
      ext.write(versions.length * 2);
      for (int v : versions) {
        u16(ext, v);
      }
    }
    if (padding > 0) {
      u16(ext, 21);
      u16(ext, padding);
      ext.writeBytes(new byte[padding]);
    }
    u16(b, ext.size());
    b.writeBytes(ext.toByteArray());
    return handshake(1, b.toByteArray());
  }

  /** A ServerHello message; {@code selectedVersion} &gt; 0 adds supported_versions; {@code retry} makes an HRR. */
  public static byte[] serverHello(byte[] random, int suite, int selectedVersion, boolean retry) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(96);
    u16(b, 0x0303);
    if (retry) {
      b.writeBytes(new byte[] {(byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11,
          (byte) 0xBE, 0x1D, (byte) 0x8C, 0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2,
          0x11, 0x16, 0x7A, (byte) 0xBB, (byte) 0x8C, 0x5E, 0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8,
          (byte) 0xA8, 0x33, (byte) 0x9C});
    } else {
      b.writeBytes(random);
    }
    b.write(0);
    u16(b, suite);
    b.write(0);
    if (selectedVersion > 0) {
      u16(b, 6);
      u16(b, 43);
      u16(b, 2);
      u16(b, selectedVersion);
    }
    return handshake(2, b.toByteArray());
  }

  /** An alert record. */
  public static byte[] alert(int level, int description) {
    return record(21, 0x0303, new byte[] {(byte) level, (byte) description});
  }

  /** Concatenates byte arrays. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  private static void u16(ByteArrayOutputStream b, int v) {
    b.write(v >>> 8);
    b.write(v);
  }
}
