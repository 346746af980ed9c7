/**
 * The actor-critic model: its description, its parameters, its forward pass as graph nodes and
 * the exported policy file.
 *
 * <ul>
 *   <li>{@link dev.ppo4j.model.ModelSpec}: observation dim, {@link dev.ppo4j.model.ActionHead}
 *       (Gaussian with a state-independent log-std, or categorical), hidden sizes (default
 *       64-64), {@link dev.ppo4j.model.Activation}; separate actor and critic MLPs. Its
 *       {@link dev.ppo4j.model.ModelSpec#parameterTensors()} fix the layout of the flat parameter
 *       vector ({@code actor.0.weight [in, out]}, ..., {@code log_std}, {@code critic...}).</li>
 *   <li>{@link dev.ppo4j.model.Parameters}: the flat vector; seeded orthogonal initialisation with
 *       gains √2 (hidden), 0.01 (policy output), 1.0 (value output), biases and log-std 0.</li>
 *   <li>{@link dev.ppo4j.model.ActorCriticGraph}: emits the forward pass into a graph builder,
 *       over a flat parameter input (engine) or named initializers (export); each
 *       {@link dev.ppo4j.model.Activation} emits its own op.</li>
 *   <li>{@link dev.ppo4j.model.ActionDistribution}: {@link dev.ppo4j.model.DiagonalGaussian} and
 *       {@link dev.ppo4j.model.Categorical}, each the one definition of its math — sampling an
 *       action with its log-probability during collection, and the log-probability, entropy and
 *       KL terms of the loss graph.</li>
 *   <li>{@link dev.ppo4j.model.PolicyExport}: the self-contained {@code policy.onnx} — raw
 *       {@code obs} in; normalisation and clipping inside; {@code action}, {@code mean}/{@code
 *       logits}, {@code log_std}, {@code value} out (the names in
 *       {@link dev.ppo4j.model.PolicyNames}); {@code metadata_props} from the caller; written
 *       atomically.</li>
 * </ul>
 *
 * <p>Example:
 * <pre>{@code
 * ModelSpec spec = new ModelSpec(4, new ActionHead.Categorical(2), List.of(64, 64), Activation.TANH);
 * Parameters init = Parameters.initialise(spec, 1);
 * float[] flat = init.values();                       // length spec.parameterCount()
 * PolicyExport.export(Parameters.fromFlat(spec, flat), ObservationNormalization.identity(4, 10),
 *         null, null, Map.of("ppo4j.env_id", "CartPole-v1"), Path.of("policy.onnx"));
 * }</pre>
 */
package dev.ppo4j.model;
