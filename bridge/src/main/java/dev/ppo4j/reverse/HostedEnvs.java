package dev.ppo4j.reverse;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import dev.ppo4j.env.Env;
import dev.ppo4j.env.EnvClosedException;
import dev.ppo4j.env.EnvException;
import dev.ppo4j.env.InPlaceEnv;
import dev.ppo4j.env.InvalidActionException;
import dev.ppo4j.env.RenderMode;
import dev.ppo4j.env.RenderableEnv;
import dev.ppo4j.env.ResetResult;
import dev.ppo4j.env.RgbFrame;
import dev.ppo4j.env.StepResult;
import dev.ppo4j.env.VectorStep;
import dev.ppo4j.env.spaces.Space;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * N Java envs behind one Python env (N = 1, {@link Autoreset#NONE}) or one Python vector env,
 * stepped through their data block ({@link BlockLayout}): Python writes actions (or seeds and
 * reset options), rings, and reads observations, rewards, flags and infos back, with no Py4J
 * call per step. The autoreset modes reproduce Gymnasium's {@code SyncVectorEnv} step for step.
 *
 * <p>Envs implementing {@link InPlaceEnv} step without allocating; others cost their result
 * objects. Calls are serialised, as the doorbell thread and Py4J threads may both reach one env.
 */
final class HostedEnvs {
    private static final Gson INFO_JSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();
    private static final Gson OPTIONS_JSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
    private static final Type MAP_TYPE = new TypeToken<Map<String, Object>>() { }.getType();

    private final String name;
    private final Env[] envs;
    private final InPlaceEnv[] inPlace;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int observationDim;
    private final int actionDim;
    private final Autoreset autoreset;
    private final RenderMode renderMode;
    private final BlockLayout layout;
    private final ByteBuffer block;
    private final FloatBuffer actionsView;
    private final FloatBuffer observationsView;
    private final FloatBuffer finalObservationsView;
    private final DoubleBuffer rewardsView;
    private final LongBuffer seedsView;
    private final IntBuffer infoLengths;
    private final IntBuffer finalInfoLengths;
    private final float[] actions;
    private final float[][] actionRows;
    private final VectorStep staged;
    private final boolean[] autoresetPending;
    private boolean closed;

    /**
     * Hosts {@code envs}, which must share their spaces, over a block {@code allocate} provides.
     *
     * @param name how messages name the envs, e.g. {@code CartPole-v1}
     * @param renderMode the mode {@link #render} draws in, or null for none
     * @param allocate gives a zeroed block of the requested size (a mapped file, or a heap buffer in tests)
     */
    HostedEnvs(String name, Env[] envs, Autoreset autoreset, RenderMode renderMode, IntFunction<ByteBuffer> allocate) {
        if (envs.length == 0 || (autoreset == Autoreset.NONE && envs.length != 1)) {
            throw new IllegalArgumentException("Host one env without autoreset, or a positive number with it; got "
                    + envs.length + " with " + autoreset + ".");
        }
        this.name = name;
        this.envs = envs.clone();
        this.autoreset = autoreset;
        this.renderMode = renderMode;
        observationSpace = envs[0].observationSpace();
        actionSpace = envs[0].actionSpace();
        checkSameSpaces();
        checkRenderMode();
        observationDim = observationSpace.flatDim();
        actionDim = actionSpace.flatDim();
        inPlace = new InPlaceEnv[envs.length];
        for (int i = 0; i < envs.length; i++) {
            inPlace[i] = envs[i] instanceof InPlaceEnv direct ? direct : null;
        }
        layout = BlockLayout.of(envs.length, observationDim, actionDim, autoreset == Autoreset.SAME_STEP);
        block = allocate.apply(layout.size()).order(ByteOrder.LITTLE_ENDIAN);
        actionsView = view("actions", 4L * envs.length * actionDim).asFloatBuffer();
        observationsView = view("observations", 4L * envs.length * observationDim).asFloatBuffer();
        finalObservationsView = view("final_observations", 4L * envs.length * observationDim).asFloatBuffer();
        rewardsView = view("rewards", 8L * envs.length).asDoubleBuffer();
        seedsView = view("seeds", 8L * envs.length).asLongBuffer();
        infoLengths = view("info_lengths", 4L * envs.length).asIntBuffer();
        finalInfoLengths = view("final_info_lengths", 4L * envs.length).asIntBuffer();
        actions = new float[envs.length * actionDim];
        actionRows = new float[envs.length][actionDim];
        staged = new VectorStep(envs.length, observationDim);
        autoresetPending = new boolean[envs.length];
    }

    private ByteBuffer view(String field, long bytes) {
        return block.slice(layout.at(field), Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void checkSameSpaces() {
        for (int i = 1; i < envs.length; i++) {
            if (!envs[i].observationSpace().equals(observationSpace) || !envs[i].actionSpace().equals(actionSpace)) {
                throw new EnvException("Env " + i + " of " + name + " has spaces " + envs[i].observationSpace() + " / "
                        + envs[i].actionSpace() + " but env 0 has " + observationSpace + " / " + actionSpace
                        + "; a vector env needs copies of one environment.");
            }
        }
    }

    private void checkRenderMode() {
        if (renderMode != null && !(envs[0] instanceof RenderableEnv renderable && renderable.renderModes().contains(renderMode))) {
            throw new IllegalArgumentException(name + " does not offer render_mode='" + renderMode.gymnasiumName()
                    + "'; it offers " + renderModeNames(envs[0]) + ".");
        }
    }

    /** The block's file layout and what Python needs to view it: spaces, render modes. */
    JsonObject describe() {
        JsonObject json = layout.toJson();
        json.addProperty("name", name);
        json.add("observation_space", JsonParser.parseString(observationSpace.toJson()));
        json.add("action_space", JsonParser.parseString(actionSpace.toJson()));
        JsonArray modes = new JsonArray();
        renderModeNames(envs[0]).forEach(modes::add);
        json.add("render_modes", modes);
        if (envs[0] instanceof RenderableEnv renderable) {
            json.addProperty("render_fps", renderable.renderFps());
        }
        return json;
    }

    private static List<String> renderModeNames(Env env) {
        return env instanceof RenderableEnv renderable
                ? renderable.renderModes().stream().map(RenderMode::gymnasiumName).sorted().toList()
                : List.of();
    }

    /** Resets every env with the seeds and options Python wrote to the block. */
    synchronized void reset() {
        ensureOpen();
        Map<String, Object> options = readOptions();
        int hasSeedAt = layout.at("has_seed");
        for (int i = 0; i < envs.length; i++) {
            Long seed = block.get(hasSeedAt + i) != 0 ? seedsView.get(i) : null;
            resetEnv(i, seed, options);
            staged.rewards[i] = 0;
            staged.terminated[i] = false;
            staged.truncated[i] = false;
            autoresetPending[i] = false;
        }
        publish();
    }

    /**
     * Steps every env with the actions Python wrote to the block. Every action is checked first,
     * so an invalid one leaves all envs as they were.
     */
    synchronized void step() {
        ensureOpen();
        actionsView.get(0, actions);
        for (int i = 0; i < envs.length; i++) {
            System.arraycopy(actions, i * actionDim, actionRows[i], 0, actionDim);
            if (!autoresetPending[i] && !actionSpace.contains(actionRows[i])) {
                throw new InvalidActionException(autoreset == Autoreset.NONE
                        ? name + " got the action " + Arrays.toString(actionRows[i]) + ", which lies outside its action space "
                                + actionSpace.toJson() + "."
                        : "The action of env " + i + " of " + name + ", " + Arrays.toString(actionRows[i])
                                + ", lies outside the action space " + actionSpace.toJson() + "; nothing was stepped.");
            }
        }
        for (int i = 0; i < envs.length; i++) {
            stepOrAutoreset(i);
        }
        publish();
    }

    private void stepOrAutoreset(int i) {
        if (autoresetPending[i]) {
            resetEnv(i, null, Map.of());
            staged.rewards[i] = 0;
            staged.terminated[i] = false;
            staged.truncated[i] = false;
            autoresetPending[i] = false;
            return;
        }
        Map<String, Object> info = stepEnv(i);
        boolean ended = staged.episodeEnded(i);
        if (ended && autoreset == Autoreset.SAME_STEP) {
            System.arraycopy(staged.observations, i * observationDim, staged.finalObservations, i * observationDim, observationDim);
            writeInfo(finalInfoLengths, "final_infos", i, info);
            resetEnv(i, null, Map.of());
            return;
        }
        writeInfo(infoLengths, "infos", i, info);
        autoresetPending[i] = ended && autoreset == Autoreset.NEXT_STEP;
    }

    private Map<String, Object> stepEnv(int i) {
        if (inPlace[i] != null) {
            inPlace[i].stepInto(actionRows[i], staged, i);
            return Map.of();
        }
        StepResult result = envs[i].step(actionRows[i]);
        checkObservation(result.observation(), "step");
        System.arraycopy(result.observation(), 0, staged.observations, i * observationDim, observationDim);
        staged.rewards[i] = result.reward();
        staged.terminated[i] = result.terminated();
        staged.truncated[i] = result.truncated();
        return result.info();
    }

    private void resetEnv(int i, Long seed, Map<String, Object> options) {
        if (inPlace[i] != null) {
            inPlace[i].resetInto(seed, options, staged.observations, i * observationDim);
            writeInfo(infoLengths, "infos", i, Map.of());
            return;
        }
        ResetResult result = envs[i].reset(seed, options);
        checkObservation(result.observation(), "reset");
        System.arraycopy(result.observation(), 0, staged.observations, i * observationDim, observationDim);
        writeInfo(infoLengths, "infos", i, result.info());
    }

    private void checkObservation(float[] observation, String call) {
        if (observation == null || observation.length != observationDim) {
            throw new EnvException(name + "." + call + " returned an observation of length "
                    + (observation == null ? "null" : observation.length) + ", but its observation space "
                    + observationSpace + " has flat length " + observationDim + ".");
        }
    }

    private void publish() {
        observationsView.put(0, staged.observations);
        if (autoreset == Autoreset.SAME_STEP) {
            finalObservationsView.put(0, staged.finalObservations);
        }
        rewardsView.put(0, staged.rewards);
        int terminatedAt = layout.at("terminated");
        int truncatedAt = layout.at("truncated");
        for (int i = 0; i < envs.length; i++) {
            block.put(terminatedAt + i, (byte) (staged.terminated[i] ? 1 : 0));
            block.put(truncatedAt + i, (byte) (staged.truncated[i] ? 1 : 0));
        }
    }

    private void writeInfo(IntBuffer lengths, String field, int i, Map<String, Object> info) {
        if (info == null || info.isEmpty()) {
            lengths.put(i, 0);
            return;
        }
        byte[] json;
        try {
            json = INFO_JSON.toJson(info).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new EnvException(name + " returned an info dict that cannot be written as JSON (" + e.getMessage()
                    + "); keep info values to numbers, strings, booleans, arrays, lists and maps.", e);
        }
        if (json.length > BlockLayout.INFO_BYTES) {
            json = INFO_JSON.toJson(Map.of("ppo4j.info_omitted", "the info dict takes " + json.length
                    + " bytes of JSON, more than the " + BlockLayout.INFO_BYTES + " the data block carries per env"))
                    .getBytes(StandardCharsets.UTF_8);
        }
        block.put(layout.at(field) + i * BlockLayout.INFO_BYTES, json);
        lengths.put(i, json.length);
    }

    private Map<String, Object> readOptions() {
        int length = block.getInt(layout.at("message_length"));
        if (length == 0) {
            return Map.of();
        }
        byte[] json = new byte[length];
        block.get(layout.at("message"), json);
        Map<String, Object> options = OPTIONS_JSON.fromJson(new String(json, StandardCharsets.UTF_8), MAP_TYPE);
        return options == null ? Map.of() : options;
    }

    /** Writes an error for Python to read from the message field, shortened to fit if need be. */
    synchronized void writeError(Throwable error) {
        JsonObject json = ErrorKind.toJson(error);
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > BlockLayout.MESSAGE_BYTES) {
            String message = json.get("message").getAsString();
            json.addProperty("message", message.substring(0, Math.min(message.length(), BlockLayout.MESSAGE_BYTES / 8)) + " ...");
            json.remove("java_stack_trace");
            bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        }
        block.put(layout.at("message"), bytes);
        block.putInt(layout.at("message_length"), bytes.length);
    }

    /** Each env's frame in the render mode chosen at creation: base64 RGB images or text; null without a mode. */
    synchronized JsonElement render() {
        ensureOpen();
        if (renderMode == null) {
            return JsonNull.INSTANCE;
        }
        JsonArray frames = new JsonArray();
        for (Env env : envs) {
            RenderableEnv renderable = (RenderableEnv) env;
            if (renderMode == RenderMode.ANSI) {
                frames.add(renderable.renderAnsi());
                continue;
            }
            RgbFrame frame = renderable.renderRgbArray();
            JsonObject json = new JsonObject();
            json.addProperty("height", frame.height());
            json.addProperty("width", frame.width());
            json.addProperty("rgb", Base64.getEncoder().encodeToString(frame.rgb()));
            frames.add(json);
        }
        return frames;
    }

    /** Closes every env; idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Env env : envs) {
            env.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new EnvClosedException(name + " was closed; make a new environment to keep going.");
        }
    }
}
