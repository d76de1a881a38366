package dev.textback.demo;

import dev.textback.server.DemoMode;
import dev.textback.server.ServerConfig;
import dev.textback.server.Settings;
import java.io.IOException;

/** Plugs the demo into the server's {@code --demo} flag (registered in {@code META-INF/services}). */
public final class DemoProvider implements DemoMode {
  @Override
  public ServerConfig sampleConfig() {
    return Demo.sampleConfig();
  }

  @Override
  public void run(Settings settings, ServerConfig config) throws IOException {
    Demo.run(settings, config);
  }
}
