package dev.ppo4j.model;

/**
 * The policy's output distribution: a diagonal Gaussian for Box actions or a categorical
 * distribution for Discrete actions.
 */
public sealed interface ActionHead permits ActionHead.Gaussian, ActionHead.Categorical {

    /**
     * Number of values the actor's output layer produces per observation: the action dimension
     * for a Gaussian mean, the number of choices for categorical logits.
     *
     * @return the width of the actor's output layer
     */
    int outputWidth();

    /**
     * Diagonal Gaussian with a state-independent log standard deviation parameter
     * (initialised to 0); log-probabilities are summed over action dimensions.
     *
     * @param actionDim number of action dimensions, at least 1
     */
    record Gaussian(int actionDim) implements ActionHead {
        /** Checks the action dimension. */
        public Gaussian {
            if (actionDim < 1) {
                throw new IllegalArgumentException("A Gaussian head needs at least one action dimension, got " + actionDim + ".");
            }
        }

        @Override
        public int outputWidth() {
            return actionDim;
        }
    }

    /**
     * Categorical distribution over {@code n} choices, parameterised by logits.
     *
     * @param n number of discrete actions, at least 2
     */
    record Categorical(int n) implements ActionHead {
        /** Checks the number of choices. */
        public Categorical {
            if (n < 2) {
                throw new IllegalArgumentException("A categorical head needs at least two actions, got " + n + ".");
            }
        }

        @Override
        public int outputWidth() {
            return n;
        }
    }
}
