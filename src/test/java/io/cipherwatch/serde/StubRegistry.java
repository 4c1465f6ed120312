package io.cipherwatch.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP(S) server on loopback standing in for a schema registry in unit tests: answers queued
 * responses in order (the last one repeats) and records every request.
 */
final class StubRegistry implements AutoCloseable {
  /** A recorded request. */
  record Request(String method, String path, String contentType, String authorization, String body) {
  }

  /** A canned answer; {@code delayMs} > 0 sleeps before answering. */
  record Answer(int status, String body, long delayMs) {
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final HttpServer server;

  private StubRegistry(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  static StubRegistry http() throws IOException {
    return new StubRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
  }

  static StubRegistry https(SSLContext ssl) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    return new StubRegistry(server);
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Forgets queued answers and answers every request with this one from now on. */
  synchronized StubRegistry reply(int status, String body) {
    answers.clear();
    return answer(status, body, 0);
  }

  StubRegistry answer(int status, String body) {
    return answer(status, body, 0);
  }

  synchronized StubRegistry answer(int status, String body, long delayMs) {
    answers.add(new Answer(status, body, delayMs));
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
        ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Authorization"), body));
    Answer a;
    synchronized (this) {
      a = answers.size() > 1 ? answers.poll() : answers.peek();
    }
    if (a == null) {
      a = new Answer(500, "{\"error_code\":50001,\"message\":\"stub has no answer\"}", 0);
    }
    try {
      if (a.delayMs > 0) {
        Thread.sleep(a.delayMs);
      }
      byte[] out = a.body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
      ex.sendResponseHeaders(a.status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // client gave up (timeout test)
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
