package dev.ppo4j.model;

import dev.ppo4j.onnx.GraphBuilder;
import dev.ppo4j.onnx.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The policy's action distribution, one type per kind and each the only definition of its math:
 * the Java sampling of collection (an action and its log π(a|s) per row of actor outputs) and the
 * graph terms of the loss (log π(a|s), entropy, KL(π_old‖π_θ)). {@code DistributionParityTest}
 * checks that the two agree.
 *
 * <p>Instances of the same kind differ only in how a sampled action becomes the env's action
 * (Box bounds, Discrete start) and in the sampling temperature; the graph terms ignore both.
 * Not thread-safe (sampling may use scratch space).
 */
public sealed interface ActionDistribution permits DiagonalGaussian, Categorical {

    /**
     * The distribution of a head as the graphs see it: Gaussian env actions unclipped,
     * categorical indices from 0, temperature 1.
     *
     * @param head the model's action head
     * @return the distribution
     */
    static ActionDistribution of(ActionHead head) {
        if (head instanceof ActionHead.Gaussian gaussian) {
            return DiagonalGaussian.unbounded(gaussian.actionDim());
        }
        return new Categorical(head.outputWidth(), 0, 1.0);
    }

    /**
     * Values the stored (and the env) action has per row: the action dimension, or 1 (the index).
     *
     * @return the action width
     */
    int actionDim();

    /**
     * Samples the action for row {@code row} and returns its log-probability under the policy
     * (at temperature 1, whatever the sampling temperature).
     *
     * @param outputs actor outputs, row-major, {@link ActionHead#outputWidth()} per row: means or logits
     * @param logStd the Gaussian's state-independent log-std, {@code [actionDim]}; unused by categorical
     * @param row the row to sample
     * @param rng the sampling stream
     * @param stored receives the action as the train step reads it, at {@code row × actionDim()}:
     *     the unclipped Gaussian sample, or the index
     * @param envActions receives the action as the env takes it, at {@code row × actionDim()}
     * @return log π(a|s) of the stored action
     */
    float sample(float[] outputs, float[] logStd, int row, RandomGenerator rng, float[] stored, float[] envActions);

    /**
     * The deterministic action for row {@code row}, as the exported policy's {@code action} output
     * computes it ({@link PolicyExport}): the Gaussian mean clipped to the Box bounds, or the index
     * of the first largest logit offset by the Discrete start. Consumes no randomness.
     *
     * @param outputs actor outputs, row-major, {@link ActionHead#outputWidth()} per row: means or logits
     * @param row the row
     * @param envActions receives the action as the env takes it, at {@code row × actionDim()}
     */
    void mode(float[] outputs, int row, float[] envActions);

    /**
     * Declares the graph input holding a minibatch's stored actions: float {@code [batch,
     * actionDim]} (Gaussian) or int64 {@code [batch]} (categorical).
     *
     * @param g the graph
     * @param name the input name
     * @return the input
     */
    Value actionInput(GraphBuilder g, String name);

    /**
     * Emits the loss's distribution terms.
     *
     * @param g the graph
     * @param outputs the actor outputs (means or logits), {@code [batch, width]}
     * @param logStd the Gaussian's log-std parameter {@code [actionDim]}, or the same per sample
     *     {@code [batch, actionDim]}, asked for only by the Gaussian
     * @param actions the stored actions, from {@link #actionInput}
     * @param oldOutputs the old means or logits {@code [batch, width]}, or null when no KL is wanted
     * @param oldLogStd the old log-std per sample {@code [batch, actionDim]} (Gaussian KL only, else null)
     * @return log π(a|s) per sample, the mean entropy and, when {@code oldOutputs} is given, the mean KL
     */
    GraphTerms graphTerms(GraphBuilder g, Value outputs, Supplier<Value> logStd, Value actions, Value oldOutputs,
                          Value oldLogStd);

    /**
     * Emits the mean KL(π_old‖π_θ) over the batch: the term {@link #graphTerms} reports, on its
     * own for graphs that read no actions (TRPO's Fisher-vector products differentiate it twice).
     *
     * @param g the graph
     * @param outputs the actor outputs (means or logits), {@code [batch, width]}
     * @param logStd the Gaussian's log-std parameter {@code [actionDim]} (or per sample {@code [batch,
     *     actionDim]}); null for a categorical head
     * @param oldOutputs the old means or logits {@code [batch, width]}
     * @param oldLogStd the old log-std per sample {@code [batch, actionDim]} (Gaussian; null for a categorical head)
     * @return the mean KL, scalar
     */
    Value kl(GraphBuilder g, Value outputs, Value logStd, Value oldOutputs, Value oldLogStd);

    /**
     * Where a train step's backward pass starts when the loss's gradient with respect to
     * log π(a|s) is known: each value with the gradient of Σ_i q_i·log π(a_i|s_i) − c·H with
     * respect to it. By default these are log π and H themselves; a distribution that writes the
     * next step out by hand starts at its statistics.
     *
     * @param g the graph
     * @param terms the terms {@link #graphTerms} emitted
     * @param outputs the actor outputs (means or logits) they were emitted from, {@code [batch, width]}
     * @param logStd the Gaussian's log-std parameter they read, or null for a categorical head
     * @param actions the stored actions they read
     * @param logProbGradient q, {@code [batch]}
     * @param entropyCoefficient c, the entropy bonus's weight, a scalar, or null when the loss has no entropy term
     * @return values and their gradients, in the order the backward pass should take them
     */
    default Map<Value, Value> backwardSeeds(GraphBuilder g, GraphTerms terms, Value outputs, Value logStd, Value actions,
                                            Value logProbGradient, Value entropyCoefficient) {
        Map<Value, Value> seeds = new LinkedHashMap<>();
        seeds.put(terms.logProb(), logProbGradient);
        if (entropyCoefficient != null) {
            seeds.put(terms.entropy(), g.neg(entropyCoefficient));
        }
        return seeds;
    }

    /**
     * The distribution's terms in a loss graph.
     *
     * @param logProb log π(a|s), {@code [batch]}
     * @param entropy mean entropy, scalar
     * @param kl mean KL(π_old‖π_θ), scalar, or null when not asked for
     */
    record GraphTerms(Value logProb, Value entropy, Value kl) {
    }
}
