"""Python side of ppo4j: the Gymnasium worker the Java bridge starts, and checks of exported policies."""
