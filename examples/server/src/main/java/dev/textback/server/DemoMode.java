package dev.textback.server;

import java.io.IOException;
import java.util.ServiceLoader;

/**
 * What {@code --demo} runs: provided by the demo (textback-demo.jar) and found through {@link ServiceLoader}, so
 * the server does not depend on the demo or its carrier simulators.
 */
public interface DemoMode {
  /** The sample businesses the demo plays with, used when no {@code TEXTBACK_CONFIG} is given. */
  ServerConfig sampleConfig();

  /** Starts the server with the simulator, plays the story and serves until the process is stopped. */
  void run(Settings settings, ServerConfig config) throws IOException;

  /** The demo on the class path, or a configuration error naming the jar that has it. */
  static DemoMode find() {
    return ServiceLoader.load(DemoMode.class).findFirst().orElseThrow(() -> new ConfigException(
        "--demo needs the demo on the class path: run java -jar examples/demo/target/textback-demo.jar --demo"));
  }
}
