package io.cipherwatch.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the bundled IANA registry CSV and OpenSSL name table into a {@link CipherCatalog}. */
final class CatalogLoader {

  static final String IANA_RESOURCE = "/catalog/iana-tls-cipher-suites.csv";
  static final String OPENSSL_RESOURCE = "/catalog/openssl-ciphers.txt";

  private CatalogLoader() {}

  /** Loads the catalog from the classpath resources. */
  static CipherCatalog loadStandard() {
    try (Reader iana = open(IANA_RESOURCE); Reader openssl = open(OPENSSL_RESOURCE)) {
      return load(iana, openssl);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the cipher suite catalog resources", e);
    }
  }

  /**
   * Builds a catalog from an IANA registry CSV (columns Value, Description, DTLS-OK, Recommended, Reference)
   * and an OpenSSL table ({@code 0x003D TLS_RSA_WITH_AES_256_CBC_SHA256 AES256-SHA256} lines, {@code #}
   * comments). Registry rows covering a range of codes, and rows not naming a {@code TLS_} suite
   * (Unassigned, Reserved, GREASE), are not entries.
   */
  static CipherCatalog load(Reader ianaCsv, Reader opensslTable) throws IOException {
    Map<Integer, String> opensslNames = readOpensslTable(opensslTable);
    List<CipherSuite> suites = new ArrayList<>();
    List<List<String>> records = Csv.parse(ianaCsv);
    for (int i = 1; i < records.size(); i++) {
      List<String> row = records.get(i);
      if (row.size() < 4) {
        throw new IllegalStateException("IANA registry record " + (i + 1) + " has " + row.size()
            + " columns, expected Value, Description, DTLS-OK, Recommended, Reference: " + row);
      }
      int code = singleCode(row.get(0).trim());
      String name = row.get(1).trim();
      if (code < 0 || !name.startsWith("TLS_")) {
        continue;
      }
      SuiteTraits traits = SuiteTraits.fromIanaName(name);
      suites.add(new CipherSuite(code, name, opensslNames.remove(code), "Y".equals(row.get(3).trim()),
          traits.keyExchange(), traits.forwardSecrecy(), traits.aead(), true, false));
    }
    if (!opensslNames.isEmpty()) {
      throw new IllegalStateException("OpenSSL table names codes that are not assigned in the IANA registry: "
          + opensslNames + "; regenerate " + OPENSSL_RESOURCE + " or update the registry CSV");
    }
    return new CipherCatalog(suites);
  }

  /** Parses a registry Value like {@code "0xC0,0x2F"}; -1 for ranges like {@code 0x00,0x47-4F} or {@code 0x01-09,*}. */
  static int singleCode(String value) {
    int comma = value.indexOf(',');
    if (comma < 0) {
      throw new IllegalStateException("IANA registry Value '" + value + "' is not of the form 0xHH,0xHH");
    }
    int high = hexByte(value.substring(0, comma));
    int low = hexByte(value.substring(comma + 1));
    if (high < 0 || low < 0) {
      if (value.indexOf('-') >= 0 || value.indexOf('*') >= 0) {
        return -1;
      }
      throw new IllegalStateException("IANA registry Value '" + value + "' is not of the form 0xHH,0xHH");
    }
    return (high << 8) | low;
  }

  private static int hexByte(String part) {
    return part.length() == 4 && part.startsWith("0x") ? CipherCatalog.parseHexDigits(part.substring(2), 2) : -1;
  }

  private static Map<Integer, String> readOpensslTable(Reader table) throws IOException {
    Map<Integer, String> names = new HashMap<>();
    BufferedReader lines = new BufferedReader(table);
    int lineNo = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNo++;
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      int code = fields.length == 3 && fields[0].length() == 6 && fields[0].startsWith("0x")
          ? CipherCatalog.parseHexDigits(fields[0].substring(2), 4) : -1;
      if (code < 0) {
        throw new IllegalStateException("OpenSSL table line " + lineNo
            + " is not '0xHHHH <IANA name> <OpenSSL name>': " + line);
      }
      if (names.put(code, fields[2]) != null) {
        throw new IllegalStateException("OpenSSL table line " + lineNo + " repeats code " + fields[0]);
      }
    }
    return names;
  }

  private static Reader open(String resource) {
    InputStream in = CatalogLoader.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("Classpath resource " + resource
          + " is missing; the cipherwatch jar is incomplete");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** Minimal RFC 4180 reader: quoted fields may contain commas, doubled quotes and line breaks. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(Reader reader) throws IOException {
      List<List<String>> records = new ArrayList<>();
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean any = false;
      BufferedReader in = new BufferedReader(reader);
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (quoted) {
          if (c != '"') {
            field.append((char) c);
          } else {
            in.mark(1);
            if (in.read() == '"') {
              field.append('"');
            } else {
              in.reset();
              quoted = false;
            }
          }
          continue;
        }
        switch (c) {
          case '"' -> {
            quoted = true;
            any = true;
          }
          case ',' -> {
            record.add(field.toString());
            field.setLength(0);
            any = true;
          }
          case '\r' -> { }
          case '\n' -> {
            if (any || field.length() > 0) {
              record.add(field.toString());
              records.add(record);
            }
            record = new ArrayList<>();
            field.setLength(0);
            any = false;
          }
          default -> {
            field.append((char) c);
            any = true;
          }
        }
      }
      if (quoted) {
        throw new IllegalStateException("IANA registry CSV ends inside a quoted field");
      }
      if (any || field.length() > 0) {
        record.add(field.toString());
        records.add(record);
      }
      return records;
    }
  }
}
