package io.cipherwatch.capture.tls;

/**
 * The TLS record layer of one direction of a connection, fed the reassembled TCP bytes in any slicing. It
 * checks each record header, and per record the {@link Listener} chooses to skip the body (nothing is buffered),
 * read it as handshake messages (reassembled across records and segments; a message wholly inside one segment
 * is parsed in place without copying) or read a two-byte alert. Lengths are checked before anything is
 * allocated; a header that is not TLS stops the reader.
 */
final class RecordReader {
  static final int SKIP = 0;
  static final int HANDSHAKE = 1;
  static final int ALERT = 2;
  /** Largest record body: 2^14 plus the expansion TLS 1.2 allows. */
  static final int MAX_RECORD = 16384 + 2048;
  /** Largest handshake message reassembled (hellos are far smaller; certificates are never reassembled). */
  static final int MAX_MESSAGE = 65536;

  /** What the reader reports. */
  interface Listener {
    /** A record header; returns {@link #SKIP}, {@link #HANDSHAKE} or {@link #ALERT} for its body. */
    int record(int type, int version, int length);

    /** One complete handshake message (body without the 4-byte header). */
    void message(int type, byte[] b, int offset, int length);

    /** A plaintext alert. */
    void alert(int level, int description);

    /** Whether handshake messages are still wanted (else the rest of a handshake record is skipped). */
    boolean wantsMessages();

    /** The bytes are not a TLS record stream; {@code why} says what was wrong. */
    void malformed(String why);
  }

  private final Listener listener;
  private final byte[] header = new byte[5];
  private int headerHave;
  private int bodyLeft;
  private int mode;
  private byte[] msg;
  private int msgHave;
  private int msgNeed = -1;
  private int alertHave;
  private int alertLevel;
  private boolean stopped;

  RecordReader(Listener listener) {
    this.listener = listener;
  }

  void feed(byte[] b, int off, int len) {
    while (len > 0 && !stopped) {
      if (bodyLeft > 0) {
        int n = Math.min(bodyLeft, len);
        if (mode == HANDSHAKE) {
          handshake(b, off, n);
        } else if (mode == ALERT) {
          alert(b, off, n);
        }
        bodyLeft -= n;
        off += n;
        len -= n;
        continue;
      }
      int type;
      int version;
      int length;
      if (headerHave == 0 && len >= 5) {
        type = b[off] & 0xff;
        version = (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff);
        length = (b[off + 3] & 0xff) << 8 | (b[off + 4] & 0xff);
        off += 5;
        len -= 5;
      } else {
        int n = Math.min(5 - headerHave, len);
        System.arraycopy(b, off, header, headerHave, n);
        headerHave += n;
        off += n;
        len -= n;
        if (headerHave < 5) {
          return;
        }
        headerHave = 0;
        type = header[0] & 0xff;
        version = (header[1] & 0xff) << 8 | (header[2] & 0xff);
        length = (header[3] & 0xff) << 8 | (header[4] & 0xff);
      }
      if (type < 20 || type > 24 || (version >>> 8) != 3 || (version & 0xff) > 4) {
        stop("not a TLS record header (type " + type + ", version 0x" + Integer.toHexString(version) + ")");
        return;
      }
      if (length > MAX_RECORD || length == 0 && type != 23) {
        stop("record length " + length + " out of range");
        return;
      }
      mode = listener.record(type, version, length);
      if (mode != HANDSHAKE) {
        msgHave = 0;
        msgNeed = -1;
      }
      alertHave = 0;
      bodyLeft = length;
    }
  }

  private void handshake(byte[] b, int off, int n) {
    while (n > 0 && !stopped) {
      if (!listener.wantsMessages()) {
        mode = SKIP;
        return;
      }
      if (msgHave == 0 && n >= 4) {
        int mlen = (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        if (mlen > MAX_MESSAGE) {
          stop("handshake message length " + mlen + " too large");
          return;
        }
        if (n >= 4 + mlen) {
          listener.message(b[off] & 0xff, b, off + 4, mlen);
          off += 4 + mlen;
          n -= 4 + mlen;
          continue;
        }
      }
      if (msg == null) {
        msg = new byte[512];
      }
      if (msgNeed < 0) {
        int k = Math.min(4 - msgHave, n);
        System.arraycopy(b, off, msg, msgHave, k);
        msgHave += k;
        off += k;
        n -= k;
        if (msgHave < 4) {
          return;
        }
        int mlen = (msg[1] & 0xff) << 16 | (msg[2] & 0xff) << 8 | (msg[3] & 0xff);
        if (mlen > MAX_MESSAGE) {
          stop("handshake message length " + mlen + " too large");
          return;
        }
        msgNeed = 4 + mlen;
        if (msg.length < msgNeed) {
          byte[] bigger = new byte[msgNeed];
          System.arraycopy(msg, 0, bigger, 0, 4);
          msg = bigger;
        }
      }
      int k = Math.min(msgNeed - msgHave, n);
      System.arraycopy(b, off, msg, msgHave, k);
      msgHave += k;
      off += k;
      n -= k;
      if (msgHave == msgNeed) {
        int need = msgNeed;
        msgHave = 0;
        msgNeed = -1;
        listener.message(msg[0] & 0xff, msg, 4, need - 4);
      }
    }
  }

  private void alert(byte[] b, int off, int n) {
    for (int i = 0; i < n && alertHave < 2; i++, alertHave++) {
      if (alertHave == 0) {
        alertLevel = b[off + i] & 0xff;
      } else {
        listener.alert(alertLevel, b[off + i] & 0xff);
      }
    }
  }

  private void stop(String why) {
    stopped = true;
    listener.malformed(why);
  }

  /** True once the stream was found not to be TLS. */
  boolean stopped() {
    return stopped;
  }
}
