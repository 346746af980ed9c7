package dev.ppo4j.model;

import java.util.List;

/** The actor-critic forward pass in plain Java (double precision), the reference graphs are checked against. */
public final class ReferenceForward {
    private final ModelSpec spec;
    private final Parameters params;

    /**
     * A reference over fixed parameters.
     *
     * @param params the parameters (their spec describes the network)
     */
    public ReferenceForward(Parameters params) {
        this.spec = params.spec();
        this.params = params;
    }

    /**
     * Gaussian means or logits for one observation.
     *
     * @param obs normalised observation
     * @return the actor output
     */
    public double[] actor(float[] obs) {
        return mlp("actor", obs);
    }

    /**
     * State value for one observation.
     *
     * @param obs normalised observation
     * @return the critic output
     */
    public double critic(float[] obs) {
        return mlp("critic", obs)[0];
    }

    private double[] mlp(String prefix, float[] obs) {
        double[] h = new double[obs.length];
        for (int i = 0; i < obs.length; i++) {
            h[i] = obs[i];
        }
        List<Integer> hidden = spec.hiddenSizes();
        for (int l = 0; l < hidden.size(); l++) {
            h = layer(prefix + "." + l, h);
            for (int i = 0; i < h.length; i++) {
                h[i] = activate(h[i]);
            }
        }
        return layer(prefix + ".out", h);
    }

    private double activate(double x) {
        return switch (spec.activation()) {
            case TANH -> Math.tanh(x);
            case RELU -> Math.max(0, x);
        };
    }

    private double[] layer(String name, double[] x) {
        float[] w = params.tensor(name + ".weight");
        float[] b = params.tensor(name + ".bias");
        double[] out = new double[b.length];
        for (int j = 0; j < out.length; j++) {
            double s = b[j];
            for (int i = 0; i < x.length; i++) {
                s += x[i] * w[i * out.length + j];
            }
            out[j] = s;
        }
        return out;
    }
}
