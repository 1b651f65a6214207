package io.querylens.bootstrap;

/**
 * What the hooks woven into a result set's getters can test without leaving the getter: whether the result
 * the state belongs to still has its columns sampled. Only a statement's state (inside the agent's loader)
 * extends it.
 *
 * <p>Why: past the sampled rows a getter's hook must cost next to nothing. When the whole hook was
 * compiled into each getter, HikariCP's proxy getters grew past what the JIT inlines into the caller's
 * loop ("already compiled into a big method"), and a 20,000-row export paid about 1 ms for it. With this
 * test first, the rest of the hook is a call the JIT sees as rare and leaves out of line.
 */
public abstract class Followed {
    /** True while the current result's columns are being sampled; plain field, read and written by its thread. */
    public boolean columnsWanted;
}
