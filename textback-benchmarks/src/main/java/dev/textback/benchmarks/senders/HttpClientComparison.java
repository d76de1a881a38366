package dev.textback.benchmarks.senders;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.eclipse.jetty.client.BytesRequestContent;

/**
 * Which HTTP client could carry textback's sends: the same Twilio send (form, basic auth, the documented answer)
 * through OkHttp (what the gateways use, with nothing of the gateway around it), Apache HttpClient 5 (classic, the one
 * twilio-java builds on), the JDK's {@code java.net.http.HttpClient} and Jetty's client, beside textback's Twilio
 * gateway itself and the raw ceiling client. The plain clients only read the answer as text and find the message id
 * in it, so they measure the client and nothing else. Runs alternate as in {@link SenderComparison}.
 *
 * <p>Usage: {@code HttpClientComparison [texts per run, default 20000] [threads, default 16] [rounds, default 3]}.
 */
public final class HttpClientComparison {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages.json";
  private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
      .encodeToString((SID + ":12345678901234567890123456789012").getBytes(StandardCharsets.UTF_8));
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final String OKHTTP = "OkHttp 5 alone";

  private HttpClientComparison() {}

  public static void main(String[] args) throws Exception {
    int texts = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 20_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    if (texts < 1 || threads < 1 || rounds < 1) throw new IllegalArgumentException("texts, threads, rounds >= 1");
    System.out.printf(Locale.ROOT, "%,d texts per run, %d sending threads, %d alternated rounds, %d cores%n", texts,
        threads, rounds, Runtime.getRuntime().availableProcessors());
    TwilioPair twilio = new TwilioPair();
    Map<String, Sender> clients = new LinkedHashMap<>();
    try (FakeCarrierApi api = new FakeCarrierApi(twilio.answer())) {
      clients.put("textback Twilio gateway", twilio.textback(api.baseUrl(), threads));
      clients.put(OKHTTP, okHttp(api.baseUrl(), threads));
      clients.put("Apache HttpClient 5 classic", apache(api.baseUrl(), threads));
      clients.put("JDK java.net.http", jdk(api.baseUrl()));
      clients.put("Jetty 12 client", jetty(api.baseUrl(), threads));
      clients.put("raw HTTP/1.1, no client", new RawHttpSender(api.port(), "/raw", SenderComparison.FORM_BYTES));
      List<String> names = new ArrayList<>(clients.keySet());
      Map<String, List<SenderComparison.Run>> runs = new LinkedHashMap<>();
      for (int w = 0; w < 2; w++) {
        for (Sender s : clients.values()) SenderComparison.run(s, api, Math.min(texts, 20_000), threads);
      }
      for (int r = 0; r < rounds; r++) {
        // Each round starts with the next client, so what one leaves behind (garbage, connections closing) does not
        // always fall on the same one.
        for (int k = 0; k < names.size(); k++) {
          String name = names.get((r + k) % names.size());
          runs.computeIfAbsent(name, n -> new ArrayList<>())
              .add(SenderComparison.run(clients.get(name), api, texts, threads));
        }
      }
      System.out.println();
      double okRate = SenderComparison.median(runs.get(OKHTTP), SenderComparison.Run::perSecond);
      for (String name : names) {
        List<SenderComparison.Run> rs = runs.get(name);
        StringBuilder each = new StringBuilder();
        for (SenderComparison.Run r : rs) each.append(String.format(Locale.ROOT, " %,.0f", r.perSecond()));
        double rate = SenderComparison.median(rs, SenderComparison.Run::perSecond);
        System.out.printf(Locale.ROOT, "  %-28s median %,8.0f texts/s (runs:%s) = %.2fx OkHttp's; process CPU "
            + "%,4.0f µs per text (%.2f cores busy); on the sending threads %,5.1f KB and %,4.0f µs per text; %d new "
            + "connections in %d runs%n", name, rate, each, rate / okRate,
            SenderComparison.median(rs, r -> r.coresBusy() * 1e6 / r.perSecond()),
            SenderComparison.median(rs, SenderComparison.Run::coresBusy),
            SenderComparison.median(rs, SenderComparison.Run::bytesPerText) / 1024,
            SenderComparison.median(rs, SenderComparison.Run::cpuMicrosPerText),
            rs.stream().mapToLong(SenderComparison.Run::newConnections).sum(), rs.size());
      }
      System.out.println("Process CPU includes the fake's share, the same for every client. The sending threads' "
          + "figures leave out the work the JDK's and Jetty's clients do on their own threads, so for those two only "
          + "the rate and the process CPU compare.");
    } finally {
      for (Sender s : clients.values()) {
        try {
          s.close();
        } catch (Exception e) {
          System.err.println("closing a client failed: " + e);
        }
      }
    }
  }

  private static byte[] form(int i) {
    return SenderComparison.twilioForm(i).getBytes(StandardCharsets.US_ASCII);
  }

  /** The message id in Twilio's answer, found without parsing the rest. */
  private static String sid(String answer) {
    int key = answer.indexOf("\"sid\":\"");
    if (key < 0) throw new IllegalStateException("no sid in the answer: " + answer);
    int start = key + 7;
    return answer.substring(start, answer.indexOf('"', start));
  }

  private static Sender okHttp(String baseUrl, int threads) {
    OkHttpClient client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(Math.max(threads, 5), 50, TimeUnit.SECONDS)).followRedirects(false).build();
    HttpUrl url = HttpUrl.get(baseUrl + PATH);
    MediaType type = MediaType.get(FORM_TYPE);
    return new Sender() {
      @Override
      public String send(int i) throws Exception {
        okhttp3.Request request = new okhttp3.Request.Builder().url(url).header("Authorization", AUTHORIZATION)
            .header("Accept", "application/json").post(RequestBody.create(form(i), type)).build();
        try (okhttp3.Response response = client.newCall(request).execute()) {
          return sid(response.body().string());
        }
      }

      @Override
      public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  private static Sender apache(String baseUrl, int threads) {
    CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(threads)
            .setMaxConnTotal(threads).build())
        .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().build();
    String url = baseUrl + PATH;
    return new Sender() {
      @Override
      public String send(int i) throws Exception {
        HttpPost post = new HttpPost(url);
        post.setHeader("Authorization", AUTHORIZATION);
        post.setHeader("Accept", "application/json");
        post.setEntity(new ByteArrayEntity(form(i), ContentType.APPLICATION_FORM_URLENCODED));
        return client.execute(post, response -> sid(EntityUtils.toString(response.getEntity())));
      }

      @Override
      public void close() throws Exception {
        client.close();
      }
    };
  }

  private static Sender jdk(String baseUrl) {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(baseUrl + PATH);
    return new Sender() {
      @Override
      public String send(int i) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uri)
            .header("Authorization", AUTHORIZATION).header("Accept", "application/json")
            .header("Content-Type", FORM_TYPE).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(form(i)))
            .build();
        return sid(client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      }

      @Override
      public void close() {
        // java.net.http.HttpClient is closeable from Java 21 only; its threads are daemons
      }
    };
  }

  private static Sender jetty(String baseUrl, int threads) throws Exception {
    org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
    client.setMaxConnectionsPerDestination(threads);
    client.setFollowRedirects(false);
    client.start();
    String url = baseUrl + PATH;
    return new Sender() {
      @Override
      public String send(int i) throws Exception {
        return sid(client.POST(url)
            .headers(h -> h.put("Authorization", AUTHORIZATION).put("Accept", "application/json"))
            .body(new BytesRequestContent(FORM_TYPE, form(i))).send().getContentAsString());
      }

      @Override
      public void close() throws Exception {
        client.stop();
      }
    };
  }
}
