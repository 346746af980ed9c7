package dev.ppo4j.env.spaces;

import java.util.random.RandomGenerator;

/** A set of values with a flat {@code float[]} encoding, as Gymnasium's {@code Space}. */
public sealed interface Space permits Box, Discrete, MultiDiscrete, MultiBinary {

    /** Length of the flat encoding of one element (Gymnasium's {@code flatdim} for Box, 1 for Discrete). */
    int flatDim();

    /** Whether {@code x} (flat encoding) is an element of this space. */
    boolean contains(float[] x);

    /** Writes a uniformly random element (Gymnasium's sampling rules) into {@code out}, flat. */
    void sample(RandomGenerator rng, float[] out);

    /** A new array holding a random element. */
    default float[] sample(RandomGenerator rng) {
        float[] out = new float[flatDim()];
        sample(rng, out);
        return out;
    }

    /** This space as a JSON object, e.g. {@code {"type":"Box","shape":[3],"low":[...],...}}. */
    String toJson();
}
