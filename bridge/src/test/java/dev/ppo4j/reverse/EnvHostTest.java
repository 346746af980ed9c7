package dev.ppo4j.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ppo4j.env.classic.PendulumEnv;
import dev.ppo4j.env.local.TestEnvProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Python's Py4J calls get back: JSON replies, errors by kind with plain messages, doorbell statuses. */
class EnvHostTest {
    private final EnvHost host = new EnvHost();

    private static JsonObject reply(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private JsonObject opened(String config) throws IOException {
        JsonObject reply = reply(host.open(config));
        assertTrue(reply.has("ok"), reply.toString());
        JsonObject described = reply.getAsJsonObject("ok");
        Path block = Path.of(described.get("path").getAsString());
        assertEquals(described.get("size").getAsLong(), Files.size(block), "the block file is mapped at its full size");
        Files.delete(block);
        return described;
    }

    private JsonObject error(String reply) {
        JsonObject json = reply(reply);
        assertFalse(json.has("ok"), json.toString());
        return json.getAsJsonObject("error");
    }

    @Test
    void opensEnvsByIdOrClassAndDescribesThem() throws IOException {
        JsonObject cartPole = opened("{\"java_id\": \"CartPole-v1\", \"num_envs\": 4, \"autoreset\": \"next_step\"}");
        assertEquals("{\"type\":\"Discrete\",\"n\":2,\"start\":0}", cartPole.get("action_space").toString());
        assertEquals(4, cartPole.get("num_envs").getAsInt());
        assertEquals(4, cartPole.get("observation_dim").getAsInt());
        assertEquals("[]", cartPole.get("render_modes").toString());
        JsonObject pendulum = opened("{\"java_class\": \"" + PendulumEnv.class.getName() + "\"}");
        assertEquals(PendulumEnv.class.getName(), pendulum.get("name").getAsString());
        assertTrue(pendulum.get("id").getAsInt() > cartPole.get("id").getAsInt());
        assertEquals(EnvHost.OK, host.ring(pendulum.get("id").getAsInt(), EnvHost.RESET));
    }

    @Test
    void failedDoorbellsAndClosedEnvsAreReported() throws IOException {
        int id = opened("{\"java_id\": \"CartPole-v1\"}").get("id").getAsInt();
        assertEquals(EnvHost.FAILED, host.ring(id, EnvHost.STEP), "CartPole steps only after a reset");
        assertEquals(EnvHost.OK, host.ring(id, EnvHost.RESET));
        assertEquals("{\"ok\":null}", host.close(id));
        assertEquals("{\"ok\":null}", host.close(id), "closing twice is fine");
        assertEquals(EnvHost.NO_SUCH_ENV, host.ring(id, EnvHost.STEP));
        assertEquals("closed", error(host.render(id)).get("kind").getAsString());
    }

    @Test
    void errorsComeAsKindAndPlainMessage(@TempDir Path dir) {
        assertEquals("unknown_env", error(host.open("{\"java_id\": \"CartPole-v0\"}")).get("kind").getAsString());
        JsonObject missing = error(host.open("{\"java_class\": \"acme.Sim\", \"classpath\": [\"" + dir.resolve("sim.jar") + "\"]}"));
        assertEquals("classpath", missing.get("kind").getAsString());
        assertTrue(missing.get("message").getAsString().startsWith("The classpath entry " + dir.resolve("sim.jar") + " does not exist"));
        JsonObject notFound = error(host.open("{\"java_class\": \"acme.Sim\", \"classpath\": [\"" + dir + "\"]}"));
        assertTrue(notFound.get("message").getAsString().startsWith("There is no class acme.Sim on the classpath."), notFound.toString());
        JsonObject kwargs = error(host.open("{\"java_id\": \"Pendulum-v1\", \"kwargs\": {\"g\": 9.81}}"));
        assertEquals("{\"kind\":\"invalid_argument\",\"message\":\"Pendulum-v1 takes no keyword arguments, got [g].\"}", kwargs.toString());
        JsonObject renderMode = error(host.open("{\"java_id\": \"Pendulum-v1\", \"render_mode\": \"human\"}"));
        assertTrue(renderMode.get("message").getAsString().startsWith("The render mode 'human' is not one a Java env can offer"));
        assertFalse(renderMode.has("java_stack_trace"));
    }

    @Test
    void listsTheEnvsOfProvidersWithoutPpo4jsOwn() {
        assertEquals("{\"ok\":[\"" + TestEnvProvider.ID + "\"]}", host.environments("[]"));
    }
}
