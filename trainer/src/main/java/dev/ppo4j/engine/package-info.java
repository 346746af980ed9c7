/**
 * The training engine: the policy forward passes, PPO's train step and the products of TRPO and
 * vanilla policy gradient, each an ordinary ONNX Runtime session over graphs built by
 * {@link dev.ppo4j.engine.PpoGraphs} and {@link dev.ppo4j.engine.TrpoGraphs} (standard ops only,
 * gradients by {@link dev.ppo4j.onnx.Gradients}, second derivatives by differentiating its output
 * again).
 *
 * <ul>
 *   <li>{@link dev.ppo4j.engine.Engine} opens everything for one model and loss and closes it
 *       again.</li>
 *   <li>{@link dev.ppo4j.engine.ParameterState}: parameters, Adam moments and step count in two
 *       sets of direct buffers; get/set as flat float arrays (checkpoints).</li>
 *   <li>{@link dev.ppo4j.engine.PolicyRunner}: batched mean/logits and values over the current
 *       parameters for collection, the value-only pass for a whole batch, the Gaussian log-std.</li>
 *   <li>{@link dev.ppo4j.engine.TrainStep}: one ONNX Runtime run per minibatch — loss, gradient,
 *       global-norm clipping, Adam (or A2C's RMSprop, {@link dev.ppo4j.engine.Optimizer}) — with the outputs pinned into the other buffer set, so a step
 *       allocates no tensor. Returns {@link dev.ppo4j.engine.Diagnostics}. The same class runs the
 *       critic-only and actor-only Adam steps of TRPO and vpg-adaptive, and a2c-trust-region's step
 *       ({@link dev.ppo4j.engine.TrustRegionGraph}: ACER's projection of the policy gradient with
 *       respect to the distribution statistics, fed the average policy's parameters).</li>
 *   <li>{@link dev.ppo4j.engine.NaturalGradient}: TRPO's surrogate gradient and Fisher-vector
 *       products over the actor's parameters; {@link dev.ppo4j.engine.SurrogateEvaluation}: the
 *       surrogate and KL of a candidate parameter vector (TRPO's line search, vpg-adaptive's KL).</li>
 *   <li>Build-time choices are in {@link dev.ppo4j.engine.LossConfig} (the
 *       {@link dev.ppo4j.engine.Objective}, value clipping, entropy term, and the
 *       {@link dev.ppo4j.engine.PolicyTerm} when an algorithm replaces the objective's policy loss); everything that changes
 *       during training is a {@link dev.ppo4j.engine.StepInput} whose values the caller sets in
 *       {@link dev.ppo4j.engine.HyperParameters}.</li>
 * </ul>
 *
 * <p>Where to extend: an objective is a constant of {@link dev.ppo4j.engine.Objective} (its
 * per-sample term, its KL penalty, its β rule); another algorithm's policy loss on the same step
 * is a {@link dev.ppo4j.engine.PolicyTerm} (A2C's, over RMSprop); a scalar input of the train step is a constant of
 * {@link dev.ppo4j.engine.StepInput}; a diagnostic is a constant of
 * {@link dev.ppo4j.engine.Diagnostic} and the line of {@link dev.ppo4j.engine.PpoGraphs} that
 * computes it. The action distributions' math is in {@link dev.ppo4j.model.ActionDistribution}.
 *
 * <p>All sessions run on one intra-op thread with sequential execution: the same inputs give
 * the same outputs bit for bit. None of the classes is thread-safe.
 *
 * <p>Example: the parts of a PPO loop that touch the engine.
 * <pre>{@code
 * ModelSpec spec = ModelSpec.standard(11, new ActionHead.Gaussian(3));          // 64-64 tanh
 * LossConfig loss = new LossConfig(Objective.CLIP, true, true);               // clip, value clip, entropy
 * try (Engine engine = Engine.open(Parameters.initialise(spec, seed))) {
 *     TrainStep trainStep = engine.openTrainStep(loss);
 *     PolicyRunner policy = engine.policy();
 *     policy.forward(normObs, numEnvs, means, values);     // collection: means [numEnvs*3], values [numEnvs]
 *     policy.logStd(logStd);                               // [3], state-independent
 *     policy.values(batchObs, 2048, batchValues);          // recompute advantages (no gradient)
 *
 *     // Fill these arrays per minibatch (unclipped actions; categorical: index as float).
 *     Minibatch mb = new Minibatch(64, obs, actions, oldLogProbs, advantages, returns, oldValues,
 *             null, null);                                 // old mean/logits and log-std: KL objectives only
 *     HyperParameters hp = HyperParameters.defaults().set(StepInput.LEARNING_RATE, lrNow);
 *     Diagnostics d = trainStep.step(mb, hp);             // d.get(Diagnostic.APPROX_KL), ...
 *
 *     ParameterState state = engine.state();               // checkpoint: flat arrays + step count
 *     float[] params = state.parameterValues();
 *     float[] m = state.firstMoments();
 *     float[] v = state.secondMoments();
 *     long t = state.stepCount();                          // restore with the matching setters
 *
 *     PolicyExport.export(state.parameters(), new ObservationNormalization(mean, var, 1e-8, 10),
 *             box.low(), box.high(), metadata, runDir.resolve("policy.onnx"));
 * }
 * }</pre>
 */
package dev.ppo4j.engine;
