package dev.ppo4j.reverse;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each field of a hosted env's data block lies: little-endian, shared by the JVM and the
 * Python process ({@code ppo4j.java_env} builds numpy views at the offsets {@link #toJson()} reports).
 *
 * <pre>
 * rewards             N float64   written by Java
 * seeds               N int64     written by Python before a reset (read where has_seed is 1)
 * actions             N*A float32 written by Python before a step
 * observations        N*O float32 written by Java
 * final_observations  N*O float32 written by Java (SAME_STEP: last observation of an episode that ended)
 * info_lengths        N int32     bytes of each env's info JSON in infos (0: empty info)
 * final_info_lengths  N int32     bytes of each env's final info JSON in final_infos (SAME_STEP)
 * message_length      int32       bytes of the JSON in message
 * terminated          N uint8
 * truncated           N uint8
 * has_seed            N uint8
 * message             MESSAGE_BYTES: reset options from Python; an error from Java
 * infos               N*INFO_BYTES
 * final_infos         N*INFO_BYTES (SAME_STEP only)
 * </pre>
 *
 * @param fields byte offset of each field, by name
 * @param size total bytes
 * @param numEnvs N
 * @param observationDim O, the flat length of one observation
 * @param actionDim A, the flat length of one action
 */
record BlockLayout(Map<String, Integer> fields, int size, int numEnvs, int observationDim, int actionDim) {
    /** Room for reset options and error messages, JSON. */
    static final int MESSAGE_BYTES = 1 << 16;
    /** Room for one env's info dict, JSON. */
    static final int INFO_BYTES = 1 << 14;

    /** The layout for {@code numEnvs} envs with the given flat dimensions. */
    static BlockLayout of(int numEnvs, int observationDim, int actionDim, boolean finalInfos) {
        long n = numEnvs;
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("rewards", 8 * n);
        sizes.put("seeds", 8 * n);
        sizes.put("actions", 4 * n * actionDim);
        sizes.put("observations", 4 * n * observationDim);
        sizes.put("final_observations", 4 * n * observationDim);
        sizes.put("info_lengths", 4 * n);
        sizes.put("final_info_lengths", 4 * n);
        sizes.put("message_length", 4L);
        sizes.put("terminated", n);
        sizes.put("truncated", n);
        sizes.put("has_seed", n);
        sizes.put("message", (long) MESSAGE_BYTES);
        sizes.put("infos", n * INFO_BYTES);
        sizes.put("final_infos", finalInfos ? n * INFO_BYTES : 0);
        Map<String, Integer> offsets = new LinkedHashMap<>();
        long at = 0;
        for (var field : sizes.entrySet()) {
            // Every field starts 8-aligned, so every numpy view is aligned whatever N, O and A are.
            at = (at + 7) / 8 * 8;
            offsets.put(field.getKey(), Math.toIntExact(at));
            at += field.getValue();
        }
        if (at > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(numEnvs + " envs with observations of " + observationDim + " and actions of "
                    + actionDim + " values need a data block of " + at + " bytes, more than 2 GiB; use fewer envs.");
        }
        return new BlockLayout(Map.copyOf(offsets), (int) at, numEnvs, observationDim, actionDim);
    }

    /** The offset of a field. */
    int at(String field) {
        return fields.get(field);
    }

    /** Offsets, size and slot sizes, as the Python side reads them. */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        JsonObject offsets = new JsonObject();
        fields.forEach(offsets::addProperty);
        json.add("fields", offsets);
        json.addProperty("size", size);
        json.addProperty("num_envs", numEnvs);
        json.addProperty("observation_dim", observationDim);
        json.addProperty("action_dim", actionDim);
        json.addProperty("info_bytes", INFO_BYTES);
        json.addProperty("message_bytes", MESSAGE_BYTES);
        return json;
    }
}
