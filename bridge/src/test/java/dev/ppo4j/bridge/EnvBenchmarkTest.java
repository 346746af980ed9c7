package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The benchmark runs both sides and reports consistent figures (its speeds are printed, never asserted). */
class EnvBenchmarkTest {

    @Test
    void jsonLineCarriesBothThroughputsAndTheirRatio() {
        EnvBenchmark.Result result = EnvBenchmark.run(
                new EnvBenchmark.Config("CartPole-v1", "{}", 4, 2, 2, 50, 1, Transport.SHARED_MEMORY, 0, WorkerWait.AUTO), PythonRuntime.locate());
        JsonObject json = JsonParser.parseString(result.toJson()).getAsJsonObject();
        double bridge = json.get("bridge_sps").getAsDouble();
        double direct = json.get("direct_sps").getAsDouble();
        assertTrue(bridge > 0 && direct > 0, json.toString());
        assertEquals(result.bridgeStepsPerSecond() / result.directStepsPerSecond(), json.get("ratio").getAsDouble(), 0.001);
        assertEquals("CartPole-v1", json.get("env").getAsString());
        assertEquals(2, json.get("groups").getAsInt());
        assertTrue(json.get("direct_cpu_us_per_step").getAsDouble() > 0, json.toString());
        assertTrue(result.toText().contains("ratio:"), result.toText());
    }
}
