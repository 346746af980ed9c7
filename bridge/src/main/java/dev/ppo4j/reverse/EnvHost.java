package dev.ppo4j.reverse;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.ToNumberPolicy;
import com.google.gson.annotations.SerializedName;
import dev.ppo4j.env.Env;
import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EnvException;
import dev.ppo4j.env.EnvFactory;
import dev.ppo4j.env.RenderMode;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.util.TempFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The object Python reaches through Py4J: opens, renders and closes hosted envs and lists the
 * envs providers offer. Every method answers JSON, {@code {"ok": value}} or
 * {@code {"error": {"kind", "message"}}} ({@link ErrorKind}), so no Java exception crosses Py4J
 * and Python raises its own exception with a plain message. Resets and steps do not come this
 * way: they arrive on the doorbell ({@link #ring}).
 */
public final class EnvHost {
    /** Doorbell operation: reset with the seeds and options in the block. */
    static final int RESET = 1;
    /** Doorbell operation: step with the actions in the block. */
    static final int STEP = 2;
    /** Doorbell status: done. */
    static final int OK = 0;
    /** Doorbell status: failed; the error is in the block's message field. */
    static final int FAILED = 1;
    /** Doorbell status: there is no open env with that id. */
    static final int NO_SUCH_ENV = 2;

    private static final Gson CONFIG_JSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    private final Map<Integer, HostedEnvs> hosted = new ConcurrentHashMap<>();
    private final AtomicInteger lastId = new AtomicInteger();
    private final EnvClasses classes = new EnvClasses();

    /** What Python asks {@link #open} for. */
    private static final class OpenConfig {
        @SerializedName("java_id")
        String javaId;
        @SerializedName("java_class")
        String javaClass;
        List<String> classpath = List.of();
        Map<String, Object> kwargs = Map.of();
        @SerializedName("num_envs")
        int numEnvs = 1;
        String autoreset = "none";
        @SerializedName("render_mode")
        String renderMode;
    }

    /**
     * Makes the envs a JSON config describes ({@code java_id} or {@code java_class},
     * {@code classpath}, {@code kwargs}, {@code num_envs}, {@code autoreset}, {@code render_mode})
     * and their data block, a file Python maps and then deletes; replies with the env's id, the
     * block's path and layout, the spaces and the render modes.
     */
    public String open(String configJson) {
        return reply(() -> {
            OpenConfig config = CONFIG_JSON.fromJson(configJson, OpenConfig.class);
            EnvFactory factory = classes.factory(config.javaId, config.javaClass, classes.loader(config.classpath));
            String name = config.javaId != null ? config.javaId : config.javaClass;
            RenderMode renderMode = config.renderMode == null ? null : RenderMode.fromGymnasiumName(config.renderMode);
            Env[] envs = make(factory, config.kwargs == null ? Map.of() : config.kwargs, config.numEnvs, name);
            BlockFile file = new BlockFile();
            try {
                HostedEnvs opened = new HostedEnvs(name, envs, Autoreset.parse(config.autoreset), renderMode, file::map);
                int id = lastId.incrementAndGet();
                hosted.put(id, opened);
                JsonObject described = opened.describe();
                described.addProperty("id", id);
                described.addProperty("path", file.path.toString());
                return described;
            } catch (RuntimeException | Error e) {
                closeQuietly(envs);
                file.delete();
                throw e;
            }
        });
    }

    private static Env[] make(EnvFactory factory, Map<String, Object> kwargs, int numEnvs, String name) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("num_envs must be positive, got " + numEnvs + ".");
        }
        Env[] envs = new Env[numEnvs];
        try {
            for (int i = 0; i < numEnvs; i++) {
                envs[i] = factory.make(kwargs);
                if (envs[i] == null) {
                    throw new EnvException("The factory of " + name + " returned null instead of an env.");
                }
            }
            return envs;
        } catch (RuntimeException | Error e) {
            closeQuietly(envs);
            throw e;
        }
    }

    private static void closeQuietly(Env[] envs) {
        for (Env env : envs) {
            if (env != null) {
                try {
                    env.close();
                } catch (RuntimeException e) {
                    System.getLogger(EnvHost.class.getName()).log(System.Logger.Level.DEBUG, "closing a half-made env", e);
                }
            }
        }
    }

    /** Closes env {@code id}; closing a closed or unknown id does nothing. */
    public String close(int id) {
        return reply(() -> {
            HostedEnvs closing = hosted.remove(id);
            if (closing != null) {
                closing.close();
            }
            return JsonNull.INSTANCE;
        });
    }

    /** The frames of env {@code id} in its render mode (see {@link HostedEnvs#render}). */
    public String render(int id) {
        return reply(() -> existing(id).render());
    }

    /**
     * The ids of the envs the {@link dev.ppo4j.env.EnvProvider}s on {@code classpathJson} (a JSON
     * list of entries) offer, ppo4j's own left out: {@code {"ok": ["acme/Sim-v0", ...]}}.
     */
    public String environments(String classpathJson) {
        return reply(() -> {
            String[] classpath = CONFIG_JSON.fromJson(classpathJson, String[].class);
            JsonArray ids = new JsonArray();
            JavaEnvs.ids(classes.loader(List.of(classpath))).stream()
                    .filter(id -> !JavaEnvs.builtInIds().contains(id))
                    .forEach(ids::add);
            return ids;
        });
    }

    /**
     * Runs a doorbell operation ({@link #RESET} or {@link #STEP}) on env {@code id}; a failure is
     * written to the env's block for Python to read.
     *
     * @return {@link #OK}, {@link #FAILED} or {@link #NO_SUCH_ENV}
     */
    int ring(int id, int operation) {
        HostedEnvs target = hosted.get(id);
        if (target == null) {
            return NO_SUCH_ENV;
        }
        try {
            switch (operation) {
                case RESET -> target.reset();
                case STEP -> target.step();
                default -> throw new IllegalArgumentException("Unknown doorbell operation " + operation + ".");
            }
            return OK;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            target.writeError(e);
            return FAILED;
        }
    }

    /** Closes every open env, e.g. when Python goes away. */
    void closeAll() {
        for (Integer id : List.copyOf(hosted.keySet())) {
            close(id);
        }
    }

    private HostedEnvs existing(int id) {
        HostedEnvs env = hosted.get(id);
        if (env == null) {
            throw new EnvClosedException("The env was closed; make a new environment to keep going.");
        }
        return env;
    }

    private static String reply(Supplier<JsonElement> body) {
        JsonObject reply = new JsonObject();
        try {
            reply.add("ok", body.get());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            reply.add("error", ErrorKind.toJson(e));
        }
        return reply.toString();
    }

    /** A data block's file: created empty in shared memory (or the temp directory), mapped, deleted by Python once mapped. */
    private static final class BlockFile {
        Path path;

        ByteBuffer map(int size) {
            try {
                path = TempFiles.createSharedMemoryFile("ppo4j-env-");
                // If Python never maps it (it died first), the file still goes when this JVM exits.
                path.toFile().deleteOnExit();
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
                }
            } catch (IOException e) {
                throw new EnvException("Could not create the shared-memory block of a Java env: " + e.getMessage()
                        + ". Check that /dev/shm (or " + System.getProperty("java.io.tmpdir") + ") is writable and has space.", e);
            }
        }

        void delete() {
            if (path != null) {
                path.toFile().delete();
            }
        }
    }
}
