package dev.ppo4j.reverse;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import py4j.GatewayServer;

/**
 * The JVM that hosts Java envs for a Python process: {@code java -cp <ppo4j jars> dev.ppo4j.reverse.EnvServer},
 * started by the Python package ({@code ppo4j.jvm}), never by hand.
 *
 * <p>Python hands over a fresh auth token in the environment variable {@value #TOKEN_VARIABLE}
 * (never on the command line, which every local user can read). The server listens for Py4J on
 * 127.0.0.1 on a port the OS chooses, announces it as one line {@value #ANNOUNCEMENT}{@code <port>}
 * on stdout, and from then on serves doorbells: stdin carries 8-byte requests (int32 env id,
 * int32 operation, little-endian), stdout the 8-byte replies (env id, status). System.out is
 * pointed at stderr first, so an env that prints cannot corrupt them.
 *
 * <p>The JVM never outlives its Python process: it exits when stdin reaches end-of-file (the
 * Python process closed it or ended, however) and when its parent process changes (the Python
 * process died while a child of it still holds the pipe), and a shutdown that hangs in an env's
 * {@code close} is cut short after {@value #EXIT_GRACE_MILLIS} ms.
 */
public final class EnvServer {
    /** The environment variable carrying the Py4J auth token. */
    public static final String TOKEN_VARIABLE = "PPO4J_AUTH_TOKEN";
    /** The start of the line announcing the Py4J port. */
    public static final String ANNOUNCEMENT = "ppo4j-env-server port ";
    private static final long PARENT_POLL_MILLIS = 500;
    private static final long EXIT_GRACE_MILLIS = 3000;
    // py4j logs every call at INFO through java.util.logging; keep a strong reference so the level sticks.
    private static final Logger PY4J_LOGGER = Logger.getLogger("py4j");

    private EnvServer() {}

    /** Serves until Python goes away, then exits. */
    public static void main(String[] args) throws IOException {
        String token = System.getenv(TOKEN_VARIABLE);
        if (token == null || token.isEmpty()) {
            System.err.println("dev.ppo4j.reverse.EnvServer is started by the ppo4j Python package (ppo4j.jvm), which passes "
                    + TOKEN_VARIABLE + "; it is not meant to be run by hand.");
            System.exit(2);
        }
        PY4J_LOGGER.setLevel(Level.WARNING);
        InputStream doorbellIn = new FileInputStream(FileDescriptor.in);
        OutputStream doorbellOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.setIn(InputStream.nullInputStream());
        EnvHost host = new EnvHost();
        exitWhenOrphaned(host);
        GatewayServer gateway = new GatewayServer.GatewayServerBuilder(host)
                .javaPort(0)
                .javaAddress(InetAddress.getLoopbackAddress())
                .authToken(token)
                .build();
        gateway.start(true);
        doorbellOut.write((ANNOUNCEMENT + gateway.getListeningPort() + "\n").getBytes(StandardCharsets.US_ASCII));
        doorbellOut.flush();
        serveDoorbells(host, doorbellIn, doorbellOut);
        exit(host, 0);
    }

    /** Answers doorbells until stdin reaches end-of-file or a reply cannot be written. */
    static void serveDoorbells(EnvHost host, InputStream in, OutputStream out) {
        ByteBuffer request = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer reply = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (in.readNBytes(request.array(), 0, 8) == 8) {
                int id = request.getInt(0);
                reply.putInt(0, id).putInt(4, host.ring(id, request.getInt(4)));
                out.write(reply.array());
                out.flush();
            }
        } catch (IOException e) {
            System.getLogger(EnvServer.class.getName()).log(System.Logger.Level.DEBUG, "doorbell pipe closed", e);
        }
    }

    private static void exitWhenOrphaned(EnvHost host) {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Thread watch = new Thread(() -> {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parent && parent != -1L) {
                try {
                    Thread.sleep(PARENT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            exit(host, 3);
        }, "ppo4j-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void exit(EnvHost host, int status) {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        }, "ppo4j-exit-deadline");
        halt.setDaemon(true);
        halt.start();
        host.closeAll();
        System.exit(status);
    }
}
