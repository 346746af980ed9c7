/**
 * The training engine's runtime: parameter state in double-buffered direct buffers, the train
 * step and the policy runner, each a plain ONNX Runtime session.
 */
package dev.ppo4j.engine;
