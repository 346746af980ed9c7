package dev.ppo4j.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both Py4J endpoints of a worker refuse connections without the run's token and listen on loopback only. */
class GatewaySecurityTest {

    @Test
    void connectionsWithoutTheTokenAreRefusedOnBothSides() throws IOException {
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(2).workers(2).build()) {
            WorkerProcess worker = env.worker(0);
            int javaPort = worker.gatewayPort();
            int pythonPort = worker.callbackPort();
            assertNotEquals(25333, javaPort, "not Py4J's default Java port");
            assertNotEquals(25334, pythonPort, "not Py4J's default Python port");
            assertNotEquals(env.worker(1).gatewayPort(), javaPort, "every worker gets its own OS-chosen port");
            assertNotEquals(env.worker(1).authToken(), worker.authToken(), "every worker gets its own token");

            // Java gateway: a command without authenticating first, then a wrong token, are refused and disconnected.
            assertRefused(javaPort, "r\nu\njava.lang.System\nrj\ne\n");
            assertRefused(javaPort, "A\nnot-the-token\n");
            assertEquals("!yv", exchange(javaPort, "A\n" + worker.authToken() + "\n").orElseThrow(), "the real token is accepted");

            // Python callback server: the same.
            assertRefused(pythonPort, "c\nt\nreset\ne\n");
            assertRefused(pythonPort, "A\nnot-the-token\ne\n");
            assertEquals("!yv", exchange(pythonPort, "A\n" + worker.authToken() + "\ne\n").orElseThrow(), "the real token is accepted");

            float[] obs = new float[8];
            env.reset(0L, obs);
            assertTrue(Math.abs(obs[0]) <= 0.05f, "the refused attempts did not disturb the workers");
        }
    }

    @Test
    void gatewaysListenOnLoopbackOnly() throws IOException {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        try (PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").build()) {
            WorkerProcess worker = env.worker(0);
            for (int port : new int[] {worker.gatewayPort(), worker.callbackPort()}) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertTrue(s.isConnected(), "reachable on 127.0.0.1");
                }
                if (external.isPresent()) {
                    assertThrows(ConnectException.class, () -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(external.get(), port), 2000);
                        }
                    }, "port " + port + " must not be reachable on " + external.get());
                }
            }
        }
    }

    private static void assertRefused(int port, String message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String reply = readOrNull(in);
            assertTrue(reply == null || reply.startsWith("!x"), "port " + port + " answered " + reply + " to " + message.replace("\n", "\\n"));
            assertEquals(null, readOrNull(in), "port " + port + " closes the connection after refusing it");
        }
    }

    private static Optional<String> exchange(int port, String message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return Optional.ofNullable(readOrNull(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))));
        }
    }

    private static String readOrNull(BufferedReader in) throws IOException {
        try {
            return in.readLine();
        } catch (java.net.SocketException e) {
            return null; // connection reset by the refusing side
        }
    }
}
