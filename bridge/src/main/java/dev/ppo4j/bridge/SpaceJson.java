package dev.ppo4j.bridge;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ppo4j.env.UnsupportedSpaceException;
import dev.ppo4j.env.spaces.Box;
import dev.ppo4j.env.spaces.DType;
import dev.ppo4j.env.spaces.Discrete;
import dev.ppo4j.env.spaces.MultiBinary;
import dev.ppo4j.env.spaces.MultiDiscrete;
import dev.ppo4j.env.spaces.Space;

/** Reads the space JSON the worker reports (the format of {@link Space#toJson()}, infinities as "inf"/"-inf"). */
final class SpaceJson {
    private SpaceJson() {}

    static Space parse(JsonObject json) {
        String type = json.get("type").getAsString();
        return switch (type) {
            case "Box" -> new Box(numbers(json.getAsJsonArray("low")), numbers(json.getAsJsonArray("high")),
                    ints(json.getAsJsonArray("shape")), DType.fromNumpy(json.get("dtype").getAsString()),
                    json.has("layout") ? json.get("layout").getAsString() : "");
            case "Discrete" -> new Discrete(json.get("n").getAsInt(), json.get("start").getAsInt());
            case "MultiDiscrete" -> new MultiDiscrete(ints(json.getAsJsonArray("nvec")), ints(json.getAsJsonArray("start")));
            case "MultiBinary" -> new MultiBinary(json.get("n").getAsInt());
            default -> throw new UnsupportedSpaceException("The worker reported a space of type " + type
                    + ", which this version of the bridge cannot represent; update ppo4j on both sides.");
        };
    }

    private static double[] numbers(JsonArray array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = array.get(i);
            if (e.getAsJsonPrimitive().isString()) {
                out[i] = e.getAsString().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            } else {
                out[i] = e.getAsDouble();
            }
        }
        return out;
    }

    private static int[] ints(JsonArray array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }
}
