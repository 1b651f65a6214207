package io.querylens.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.querylens.bootstrap.Followed;
import io.querylens.bootstrap.Hooks;
import io.querylens.bootstrap.JdbcSink;
import io.querylens.bootstrap.StateHolder;
import io.querylens.instrument.jdbc.JdbcTransformer;
import io.querylens.instrument.jdbc.JdbcTypes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * The weaver on classes loaded by a verifying class loader: every hook is called with the right arguments,
 * exceptions reach the thrown hook and then the caller unchanged, and the state field works.
 */
class WeaverTest {
    private final Recorder sink = new Recorder();
    private final JdbcTransformer jdbc = new JdbcTransformer();

    @BeforeEach
    void install() {
        Hooks.install(sink, null, null);
    }

    @AfterEach
    void uninstall() {
        Hooks.uninstall();
    }

    @Test
    void executionsReportTheirOutcome() throws Exception {
        Object st = newInstance("Statement", JdbcTypes.STATEMENT, true);
        assertEquals("rs:select 1", call(st, "executeQuery", "select 1"));
        assertEquals(List.of("executeEnter select 1", "executeExit rs=rs:select 1 error=null sql=select 1 start=7 batch=false"),
                sink.take());

        assertEquals(4L, call(st, "executeLargeUpdate", "a,b,c"));
        assertEquals(List.of("executeEnter a,b,c", "executeExit rs=null error=null sql=a,b,c start=7 batch=false"), sink.take());

        call(st, "execute", "x", 2);
        assertEquals(List.of("executeEnter x", "executeExit rs=null error=null sql=x start=7 batch=false"), sink.take());

        assertArrayEquals(new int[] {1, 1}, (int[]) call(st, "executeBatch"));
        assertEquals(List.of("executeEnter null", "executeExit rs=null error=null sql=null start=7 batch=true"), sink.take());
    }

    @Test
    void anExceptionReachesTheThrownHookThenTheCallerUnchanged() throws Exception {
        Object st = newInstance("Statement", JdbcTypes.STATEMENT, true);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> call(st, "executeQuery", "bad"));
        assertTrue(e.getCause() instanceof SQLException);
        assertEquals("42P01", ((SQLException) e.getCause()).getSQLState());
        assertEquals(List.of("executeEnter bad", "executeExit rs=null error=42P01 sql=bad start=7 batch=false"), sink.take());

        // an exception the method handles itself is not the method's outcome
        assertEquals("rs:caught", call(st, "executeQuery", "caught"));
        assertEquals(1, st.getClass().getField("handledInside").getInt(st));
        assertEquals(List.of("executeEnter caught", "executeExit rs=rs:caught error=null sql=caught start=7 batch=false"),
                sink.take());
    }

    @Test
    void parametersAreHashedWithoutBoxing() throws Exception {
        Object ps = newInstance("Prepared", JdbcTypes.STATEMENT | JdbcTypes.PREPARED, true);
        call(ps, "setLong", 1, 42L);
        call(ps, "setFloat", 2, 1.5f);
        call(ps, "setBoolean", 3, true);
        call(ps, "setShort", 4, (short) 7);
        call(ps, "setObject", 5, "x", 12);
        call(ps, "setNull", 6, 4);
        assertEquals(List.of("bind 1 42", "bind 2 " + Double.doubleToLongBits(1.5), "bind 3 1", "bind 4 7",
                "bind 5 " + "x".hashCode(), "bind 6 " + 0x9E3779B97F4A7C15L), sink.take());
        assertEquals("rs", call(ps, "executeQuery"));
        assertEquals(List.of("executeEnter null", "executeExit rs=rs error=null sql=null start=7 batch=false"), sink.take());
        // inherited and woven in the superclass: one call, one event
        call(ps, "close");
        assertEquals(List.of("closeStatement"), sink.take());
    }

    @Test
    void resultSetHooksTakeTheTokenOfTheirEnter() throws Exception {
        Object rs = sampling(newInstance("Results", JdbcTypes.RESULT_SET, true));
        assertEquals(true, call(rs, "next"));
        assertEquals(List.of(), sink.take(), "next() is counted on the result's state, not in the sink");
        assertEquals(1, followed(rs).rows);
        assertEquals("v2", call(rs, "getString", 2));
        assertEquals(1L << 1, followed(rs).columnMask, "a getter by index sets its bit on the result's state");
        assertEquals(5L, call(rs, "getLong", "label"));
        assertEquals(List.of("columnEnter", "columnExit token label"), sink.take(), "a label goes to the sink");
        assertThrows(InvocationTargetException.class, () -> call(rs, "getString", 9));
        assertEquals(1L << 1 | 1L << 8, followed(rs).columnMask, "a getter that throws still read the column");
    }

    @Test
    void hooksSeeTheArgumentsAsPassedEvenWhenTheBodyChangesThem() throws Exception {
        Object rs = sampling(newInstance("Results", JdbcTypes.RESULT_SET, true));
        assertEquals(4.0, call(rs, "getDouble", 5));
        assertEquals(1L << 4, followed(rs).columnMask);
        assertEquals(9L, call(rs, "getObject", 2, 9L));
        assertEquals(1L << 4 | 1L << 1, followed(rs).columnMask);
    }

    @Test
    void aBodyThatReusesAParameterSlotForAnotherTypeStillVerifies() throws Exception {
        // written with ASM: javac never stores a reference into an int parameter's slot, other compilers may
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "gen/Reusing", null, "java/lang/Object", null);
        org.objectweb.asm.MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(1, 1);
        init.visitEnd();
        org.objectweb.asm.MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "getString", "(I)Ljava/lang/String;", null, null);
        m.visitCode();
        org.objectweb.asm.Label skip = new org.objectweb.asm.Label();
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitJumpInsn(Opcodes.IFEQ, skip);
        m.visitLdcInsn("reused");
        m.visitVarInsn(Opcodes.ASTORE, 1); // the int parameter's slot now holds a String
        m.visitLabel(skip);
        m.visitLdcInsn("v");
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(1, 2);
        m.visitEnd();
        cw.visitEnd();
        byte[] woven = Weaver.weave(cw.toByteArray(), jdbc.rules(JdbcTypes.RESULT_SET), true);
        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass("gen.Reusing", woven, 0, woven.length);
            }
        }.define();
        Object rs = sampling(c.getConstructor().newInstance());
        assertEquals("v", call(rs, "getString", 7));
        assertEquals(1L << 6, followed(rs).columnMask);
    }

    @Test
    void onlyClassesWhoseRulesTakeTheFlagGetIt() throws Exception {
        Object statement = newInstance("Statement", JdbcTypes.STATEMENT, true);
        assertTrue(statement instanceof io.querylens.bootstrap.StateHolder);
        assertFalse(statement instanceof io.querylens.bootstrap.SampledHolder, "no statement rule reads it");
        Object rs = newInstance("Results", JdbcTypes.RESULT_SET, true);
        assertEquals(2, java.util.Arrays.stream(rs.getClass().getDeclaredFields())
                .filter(f -> f.getName().startsWith("querylens$")).count(), "the state field and the flag");
        io.querylens.bootstrap.SampledHolder flagged = (io.querylens.bootstrap.SampledHolder) rs;
        assertFalse(flagged.querylens$sampled());
        flagged.querylens$sampled(true);
        assertTrue(flagged.querylens$sampled());
        ((StateHolder) rs).querylens$state(null);
        assertFalse(flagged.querylens$sampled(), "a result set's state setter clears its flag");
        ((StateHolder) statement).querylens$state("x");
        assertEquals("x", ((StateHolder) statement).querylens$state());
    }

    @Test
    void aClassIsNeverWovenTwice() throws IOException {
        byte[] once = Weaver.weave(bytes(WovenSamples.Statement.class.getName()), jdbc.rules(JdbcTypes.STATEMENT), false);
        assertTrue(once != null);
        assertNull(Weaver.weave(once, jdbc.rules(JdbcTypes.STATEMENT), false), "its hooks would run twice");
    }

    @Test
    void aMethodWhoseReturnValueAHookCannotTakeIsLeftAlone() throws Exception {
        Object c = newInstance("OddConnection", JdbcTypes.CONNECTION, true);
        assertEquals(3, call(c, "createStatement"));
        assertEquals(List.of(), sink.take());
        call(c, "commit");
        assertEquals(List.of("endTransaction true"), sink.take(), "the rest of the class is woven");
    }

    @Test
    void resultSetHooksAreHandedTheObjectsOwnStateField() throws Exception {
        Object rs = sampling(newInstance("Results", JdbcTypes.RESULT_SET, true));
        Followed state = followed(rs);
        call(rs, "getLong", "label");
        assertSame(state, sink.lastState);
        call(rs, "getString", 1);
        assertEquals(1L, state.columnMask);

        // past the sampled rows the result set's own flag stops a getter's hook before the sink: no bit
        state.columnsWanted = false;
        assertTrue(rs instanceof io.querylens.bootstrap.SampledHolder, "a result set gets the flag");
        ((io.querylens.bootstrap.SampledHolder) rs).querylens$sampled(true);
        sink.take();
        call(rs, "getString", 3);
        call(rs, "getLong", "label");
        assertEquals(List.of(), sink.take());
        assertEquals(1L, state.columnMask);

        // a result set that no statement follows (a pool's inner delegate) has no state: its getters' hooks
        // stop there and set its flag, so that its next getters' guards stop before any hook
        Object unlinked = newInstance("Results", JdbcTypes.RESULT_SET, true);
        io.querylens.bootstrap.SampledHolder unlinkedFlag = (io.querylens.bootstrap.SampledHolder) unlinked;
        call(unlinked, "getString", 1);
        assertEquals(List.of(), sink.take());
        assertTrue(unlinkedFlag.querylens$sampled(), "a getter by index of an unfollowed result set sets its flag");
        Object byLabel = newInstance("Results", JdbcTypes.RESULT_SET, true);
        call(byLabel, "getLong", "label");
        assertEquals(List.of(), sink.take(), "the sink is not asked");
        assertTrue(((io.querylens.bootstrap.SampledHolder) byLabel).querylens$sampled(), "nor by label");
        // once a statement follows it (its state set), its getters ask again
        Followed later = followed(sampling(unlinked));
        assertFalse(unlinkedFlag.querylens$sampled(), "setting the state clears the flag");
        call(unlinked, "getString", 2);
        assertEquals(2L, later.columnMask);

        Object plain = newInstance("Results", JdbcTypes.RESULT_SET, false);
        assertFalse(plain instanceof io.querylens.bootstrap.SampledHolder, "no field without the state field");
        Followed looked = new Followed() {
        };
        looked.follow(plain);
        io.querylens.bootstrap.State.set(plain, looked); // the fallback table: no field to hand over
        call(plain, "getString", 1);
        assertEquals(1L, looked.columnMask, "without a field the hook looks the state up");
        call(plain, "getLong", "label");
        assertSame(io.querylens.bootstrap.State.NO_FIELD, sink.lastState, "and so does the sink");
        io.querylens.bootstrap.State.set(plain, null);
    }

    @Test
    void nextCountsRowsOnTheResultsStateOnceAndOnlyForItsCurrentResult() throws Exception {
        Object rs = sampling(newInstance("Results", JdbcTypes.RESULT_SET, true));
        Followed f = followed(rs);
        assertEquals(true, call(rs, "next"));
        assertEquals(true, call(rs, "next"));
        assertEquals(2, f.rows);
        assertTrue(f.lastNextHadRow());
        assertFalse(f.exhausted);
        assertEquals(false, call(rs, "next"));
        assertEquals(2, f.rows);
        assertFalse(f.lastNextHadRow());
        assertTrue(f.exhausted);
        assertEquals(0, f.resultDepth);

        // an override calling the overridden next(): both woven, each row counted once
        Object sub = sampling(newInstance("DelegatingResults", JdbcTypes.RESULT_SET, true));
        call(sub, "next");
        call(sub, "next");
        assertEquals(2, followed(sub).rows);
        assertEquals(0, followed(sub).resultDepth);

        // a state whose current result is another result set (the statement has moved on) counts nothing
        Object old = sampling(newInstance("Results", JdbcTypes.RESULT_SET, true));
        followed(old).result = new Object();
        call(old, "next");
        assertEquals(0, followed(old).rows);

        // without an injected field the state is looked up
        // a result set that no statement follows has no state: its getters' hooks stop there
        Object unlinked = newInstance("Results", JdbcTypes.RESULT_SET, true);
        call(unlinked, "getString", 1);
        assertEquals(List.of(), sink.take());

        Object plain = newInstance("Results", JdbcTypes.RESULT_SET, false);
        assertFalse(plain instanceof io.querylens.bootstrap.SampledHolder, "no field without the state field");
        Followed looked = new Followed() {
        };
        looked.result = plain;
        io.querylens.bootstrap.State.set(plain, looked);
        call(plain, "next");
        assertEquals(1, looked.rows);
        assertEquals(List.of(), sink.take());
    }

    @Test
    void aResultSetWithoutStateSkipsItsHooksAtTheWovenSite() throws Exception {
        // a pool's inner driver result set: nothing links it to a statement, so neither next() nor a getter
        // calls into the agent
        Object inner = newInstance("Results", JdbcTypes.RESULT_SET, true);
        assertEquals(true, call(inner, "next"));
        assertEquals("v1", call(inner, "getString", 1));
        assertThrows(InvocationTargetException.class, () -> call(inner, "getString", 9));
        assertEquals(List.of(), sink.take());
    }

    @Test
    void theStateFieldIsInjectedOnlyWhenAsked() throws Exception {
        Object st = newInstance("Statement", JdbcTypes.STATEMENT, true);
        assertTrue(st instanceof StateHolder);
        StateHolder holder = (StateHolder) st;
        assertNull(holder.querylens$state());
        Object state = new Object();
        holder.querylens$state(state);
        assertSame(state, holder.querylens$state());

        Object plain = newInstance("Statement", JdbcTypes.STATEMENT, false);
        assertFalse(plain instanceof StateHolder, "a retransformed class keeps its shape");
        call(plain, "close");
        assertEquals(List.of("closeStatement"), sink.take());
    }

    @Test
    void statementAndConnectionHooksAreHandedTheObjectsOwnStateField() throws Exception {
        Object ps = newInstance("Prepared", JdbcTypes.STATEMENT | JdbcTypes.PREPARED, true);
        Object state = new Object();
        ((StateHolder) ps).querylens$state(state);
        for (String method : List.of("setLong", "executeQuery", "close")) {
            sink.lastState = null;
            if (method.equals("setLong")) {
                call(ps, method, 1, 42L);
            } else {
                call(ps, method);
            }
            assertSame(state, sink.lastState, method);
        }
        Object c = newInstance("OddConnection", JdbcTypes.CONNECTION, true);
        ((StateHolder) c).querylens$state(state);
        sink.lastState = null;
        call(c, "commit");
        assertSame(state, sink.lastState, "commit");

        Object plain = newInstance("Prepared", JdbcTypes.STATEMENT | JdbcTypes.PREPARED, false);
        call(plain, "executeQuery");
        assertSame(io.querylens.bootstrap.State.NO_FIELD, sink.lastState, "without a field the sink looks it up");
        sink.take();
    }

    @Test
    void onlyPublicInstanceMethodsWithCodeAreWoven() throws Exception {
        Object st = newInstance("Statement", JdbcTypes.STATEMENT, true);
        Method quiet = st.getClass().getDeclaredMethod("executeQueryQuietly", String.class);
        quiet.setAccessible(true);
        quiet.invoke(st, "");
        assertEquals(List.of(), sink.take());
    }

    @Test
    void anOverrideCallingTheOverriddenNextIsLeftToItsHook() throws IOException {
        String delegating = WovenSamples.DelegatingResults.class.getName();
        List<MethodRule> rules = jdbc.rules(JdbcTypes.RESULT_SET);
        assertEquals(java.util.Set.of("next()Z"),
                Weaver.superCallers(new org.objectweb.asm.ClassReader(bytes(delegating)), rules));
        assertEquals(java.util.Set.of(), Weaver.superCallers(
                new org.objectweb.asm.ClassReader(bytes(WovenSamples.Results.class.getName())), rules));
        assertEquals(java.util.Set.of(), Weaver.superCallers(new org.objectweb.asm.ClassReader(bytes(delegating)),
                jdbc.rules(JdbcTypes.CONNECTION)), "no rule asks: the class is not read twice");
        byte[] woven = Weaver.weave(bytes(delegating), rules, false);
        assertNull(woven, "its only method, next(), is not woven");
    }

    @Test
    void aClassWithoutMatchingMethodsIsLeftAlone() throws IOException {
        assertNull(Weaver.weave(bytes(WovenSamples.Results.class.getName()), jdbc.rules(JdbcTypes.CONNECTION), false));
    }

    // ---- helpers ----

    /** Gives a woven result set the state of a result whose columns are being sampled. */
    private static Followed followed(Object rs) {
        return (Followed) ((StateHolder) rs).querylens$state();
    }

    private static Object sampling(Object rs) {
        Followed state = new Followed() {
        };
        state.columnsWanted = true;
        state.result = rs;
        ((StateHolder) rs).querylens$state(state);
        return rs;
    }

    private Object newInstance(String sample, int kinds, boolean injectState) throws Exception {
        String prefix = WovenSamples.class.getName() + "$";
        WeavingLoader loader = new WeavingLoader(getClass().getClassLoader(), n -> n.startsWith(prefix),
                n -> kinds, injectState, jdbc);
        return loader.loadClass(prefix + sample).getConstructor().newInstance();
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(name);
    }

    static byte[] bytes(String className) throws IOException {
        try (InputStream in = WeaverTest.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the classes it is asked to, woven, from its parent's class files; the JVM verifies them. */
    static final class WeavingLoader extends ClassLoader {
        private final Predicate<String> mine;
        private final java.util.function.ToIntFunction<String> kinds;
        private final boolean injectState;
        private final JdbcTransformer jdbc;
        final List<String> woven = new ArrayList<>();

        WeavingLoader(ClassLoader parent, Predicate<String> mine, java.util.function.ToIntFunction<String> kinds,
                      boolean injectState, JdbcTransformer jdbc) {
            super(parent);
            this.mine = mine;
            this.kinds = kinds;
            this.injectState = injectState;
            this.jdbc = jdbc;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!mine.test(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b;
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        b = in.readAllBytes();
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                    int k = kinds.applyAsInt(name);
                    if (k != 0) {
                        byte[] w = Weaver.weave(b, jdbc.rules(k), injectState
                                && (k & JdbcTransformer.STATEFUL) != 0);
                        if (w != null) {
                            b = w;
                            woven.add(name);
                        }
                    }
                    c = defineClass(name, b, 0, b.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** Records the calls that reach the sink; an execution's start is always 7. */
    static final class Recorder implements JdbcSink {
        private final List<String> events = new ArrayList<>();
        /** The state the last hook taking one was handed. */
        Object lastState;
        private final Object token = new Object() {
            @Override
            public String toString() {
                return "token";
            }
        };

        List<String> take() {
            List<String> copy = List.copyOf(events);
            events.clear();
            return copy;
        }

        @Override
        public int enter() {
            events.add("enter");
            return 1;
        }

        @Override
        public int exit() {
            events.add("exit");
            return 1;
        }

        @Override
        public boolean prepareEnter(Object connection, Object state) {
            lastState = state;
            events.add("prepareEnter");
            return true;
        }

        @Override
        public void prepareExit(Object connection, Object state, Object statement, String sql, boolean prepared) {
            lastState = state;
            events.add("prepareExit " + statement + " " + sql + " " + prepared);
        }

        @Override
        public long executeEnter(Object statement, Object state, String sql) {
            lastState = state;
            events.add("executeEnter " + sql);
            return 7;
        }

        @Override
        public void executeExit(Object statement, Object state, String sql, long startNanos, Object resultSet,
                                Throwable error, boolean batch) {
            lastState = state;
            String e = error instanceof SQLException ? ((SQLException) error).getSQLState() : String.valueOf(error);
            events.add("executeExit rs=" + resultSet + " error=" + e + " sql=" + sql + " start=" + startNanos
                    + " batch=" + batch);
        }

        @Override
        public void addBatch(Object statement, String sql) {
            events.add("addBatch " + sql);
        }

        @Override
        public void clearBatch(Object statement) {
            events.add("clearBatch");
        }

        @Override
        public void bind(Object statement, Object state, int index, long valueHash) {
            lastState = state;
            events.add("bind " + index + " " + valueHash);
        }

        @Override
        public void clearParameters(Object statement) {
            events.add("clearParameters");
        }

        @Override
        public void maxRows(Object statement, long maxRows) {
            events.add("maxRows " + maxRows);
        }

        @Override
        public void fetchSize(Object statement, int fetchSize) {
            events.add("fetchSize " + fetchSize);
        }

        @Override
        public void resultSet(Object statement, Object resultSet) {
            events.add("resultSet " + resultSet);
        }

        @Override
        public Object columnEnter(Object resultSet, Object state) {
            lastState = state;
            events.add("columnEnter");
            return token;
        }

        @Override
        public void columnExit(Object token, Object resultSet, String label) {
            events.add("columnExit " + token + " " + label);
        }

        @Override
        public void closeResultSet(Object resultSet, Object state) {
            lastState = state;
            events.add("closeResultSet");
        }

        @Override
        public void closeStatement(Object statement, Object state) {
            lastState = state;
            events.add("closeStatement");
        }

        @Override
        public void autoCommit(Object connection, boolean autoCommit) {
            events.add("autoCommit " + autoCommit);
        }

        @Override
        public void endTransaction(Object connection, Object state, boolean committed) {
            lastState = state;
            events.add("endTransaction " + committed);
        }

        @Override
        public void connectionWait(long nanos, boolean failed) {
            events.add("connectionWait " + failed);
        }
    }
}
