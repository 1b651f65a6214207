package io.querylens.instrument;

import io.querylens.bootstrap.SampledHolder;
import io.querylens.bootstrap.StateHolder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AnalyzerAdapter;
import org.objectweb.asm.commons.LocalVariablesSorter;

/**
 * Weaves hook calls into a class file, straight on ASM.
 *
 * <p>Why not ByteBuddy's {@code AgentBuilder} and {@code Advice}, which the agent used first: building them
 * loaded about 1,250 of ByteBuddy's classes into the agent's loader and cost about 1.5 s of start-up on
 * the benchmark machine, five times the 300 ms budget; the same woven code from this class loads about 30
 * ASM classes. What is woven is small and fixed, so it is written out here:
 * <ul>
 *   <li>an enter hook at the start of the method, its result kept in a new local (the token);</li>
 *   <li>an exit hook before each return, taking the returned value first when it wants it;</li>
 *   <li>a catch-all handler around the original body, placed after the method's own handlers so it only
 *       sees what leaves the method: it calls the thrown hook and rethrows the same exception;</li>
 *   <li>for classes defined from now on, optionally, the {@link StateHolder} field and its two accessors,
 *       and the {@link SampledHolder} flag and its accessors where a rule's hook takes it
 *       ({@link Hook.Arg#SAMPLED}).</li>
 * </ul>
 * Hooks never throw (each catches everything), so no call needs a handler of its own. Methods are matched
 * by name and parameter types; only public instance methods with code are woven, and bridge methods are
 * left alone because the method they call is woven.
 */
public final class Weaver {
    static final String STATE_FIELD = "querylens$state";
    static final String SAMPLED_FIELD = "querylens$sampled";
    private static final String STATE_HOLDER = Type.getInternalName(StateHolder.class);
    private static final String SAMPLED_HOLDER = Type.getInternalName(SampledHolder.class);
    private static final String STATE_CLASS = Type.getInternalName(io.querylens.bootstrap.State.class);
    private static final int EXTRA_STACK = 8;

    private Weaver() {}

    /**
     * The woven class, or null when no method matched and no field was asked for. {@code injectState} adds
     * the state field; it changes the class's shape, so only classes being defined may have it.
     */
    public static byte[] weave(byte[] classFile, List<MethodRule> rules, boolean injectState) {
        if (calls(classFile, Hook.OWNER)) {
            return null; // woven already: retransformed after being woven as it loaded
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        ClassWeaver weaver = new ClassWeaver(writer, rules, injectState, superCallers(reader, rules));
        reader.accept(weaver, ClassReader.EXPAND_FRAMES);
        return weaver.woven > 0 || weaver.injectState ? writer.toByteArray() : null;
    }

    /**
     * The methods (name and descriptor) whose body calls the method they override, {@code super.m(...)}, when
     * a rule asks ({@link MethodRule#unlessCallingSuper}); else empty, without reading the class twice.
     */
    static Set<String> superCallers(ClassReader reader, List<MethodRule> rules) {
        boolean asked = false;
        for (MethodRule rule : rules) {
            asked |= rule.unlessCallingSuper;
        }
        if (!asked) {
            return Set.of();
        }
        Set<String> found = new HashSet<>();
        String superName = reader.getSuperName();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (name.charAt(0) == '<') {
                    return null; // constructors, never woven
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String calledName, String calledDescriptor,
                                                boolean isInterface) {
                        if (opcode == Opcodes.INVOKESPECIAL && owner.equals(superName) && calledName.equals(name)
                                && calledDescriptor.equals(descriptor)) {
                            found.add(name + descriptor);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }

    /** Whether the class file names {@code internalName}: a plain search of its bytes (only JDBC classes). */
    static boolean calls(byte[] classFile, String internalName) {
        byte[] needle = internalName.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0, last = classFile.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (classFile[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static final class ClassWeaver extends ClassVisitor {
        private final List<MethodRule> rules;
        private final Set<String> superCallers;
        private boolean injectState;
        /** The {@link SampledHolder} flag too: the state field is injected and a rule takes the flag. */
        private boolean injectSampled;
        private String owner;
        private int version;
        int woven;

        ClassWeaver(ClassVisitor next, List<MethodRule> rules, boolean injectState, Set<String> superCallers) {
            super(Opcodes.ASM9, next);
            this.rules = rules;
            this.injectState = injectState;
            this.superCallers = superCallers;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.owner = name;
            this.version = version;
            if (injectState && (access & Opcodes.ACC_INTERFACE) != 0) {
                injectState = false;
            }
            if (injectState) {
                for (String i : interfaces) {
                    if (i.equals(STATE_HOLDER)) {
                        injectState = false; // already woven
                    }
                }
            }
            if (injectState) {
                for (MethodRule rule : rules) {
                    injectSampled |= rule.takes(Hook.Arg.SAMPLED);
                }
            }
            String[] all = interfaces;
            if (injectState) {
                all = Arrays.copyOf(interfaces, interfaces.length + (injectSampled ? 2 : 1));
                all[interfaces.length] = STATE_HOLDER;
                if (injectSampled) {
                    all[interfaces.length + 1] = SAMPLED_HOLDER;
                }
            }
            super.visit(version, access, name, signature, superName, all);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            int excluded = Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE;
            if ((access & Opcodes.ACC_PUBLIC) == 0 || (access & excluded) != 0 || name.charAt(0) == '<') {
                return mv;
            }
            Type[] parameters = Type.getArgumentTypes(descriptor);
            Type returnType = Type.getReturnType(descriptor);
            for (MethodRule rule : rules) {
                if (rule.matches(name, parameters) && returns(rule.exit, returnType)
                        && !(rule.unlessCallingSuper && superCallers.contains(name + descriptor))) {
                    woven++;
                    HookWeaver hooks = new HookWeaver(mv, access, descriptor, owner, version, rule, injectState,
                            injectSampled);
                    if (rule.guard == null || rule.exit == null) {
                        return hooks;
                    }
                    // a guarded exit needs the frame at each return: the analyzer follows the original code
                    hooks.analyzer = new AnalyzerAdapter(owner, access, name, descriptor, hooks);
                    return hooks.analyzer;
                }
            }
            return mv;
        }

        /** A hook taking the returned value can take this method's: a reference for Object, else the same kind. */
        private static boolean returns(Hook exit, Type returnType) {
            if (exit == null || !exit.takesValue()) {
                return true;
            }
            Type wanted = exit.parameters[0];
            int sort = returnType.getSort();
            if (wanted.getSort() == Type.OBJECT) {
                return sort == Type.OBJECT || sort == Type.ARRAY;
            }
            return sort == wanted.getSort();
        }

        @Override
        public void visitEnd() {
            if (injectState) {
                // a new state (the result set followed, or followed anew) clears the flag: its getters ask again
                field(STATE_FIELD, "Ljava/lang/Object;", injectSampled ? SAMPLED_FIELD : null);
            }
            if (injectSampled) {
                field(SAMPLED_FIELD, "Z", null);
            }
            super.visitEnd();
        }

        /**
         * A private field {@code name} of type {@code desc}, with a public getter and setter of the same name;
         * the setter also sets the boolean field {@code clears} (when not null) to false.
         */
        private void field(String name, String desc, String clears) {
            Type type = Type.getType(desc);
            FieldVisitor f = super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_TRANSIENT,
                    name, desc, null, null);
            f.visitEnd();
            MethodVisitor get = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, name, "()" + desc, null,
                    null);
            get.visitCode();
            get.visitVarInsn(Opcodes.ALOAD, 0);
            get.visitFieldInsn(Opcodes.GETFIELD, owner, name, desc);
            get.visitInsn(type.getOpcode(Opcodes.IRETURN));
            get.visitMaxs(1, 1);
            get.visitEnd();
            MethodVisitor set = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, name, "(" + desc + ")V",
                    null, null);
            set.visitCode();
            set.visitVarInsn(Opcodes.ALOAD, 0);
            set.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
            set.visitFieldInsn(Opcodes.PUTFIELD, owner, name, desc);
            if (clears != null) {
                set.visitVarInsn(Opcodes.ALOAD, 0);
                set.visitInsn(Opcodes.ICONST_0);
                set.visitFieldInsn(Opcodes.PUTFIELD, owner, clears, "Z");
            }
            set.visitInsn(Opcodes.RETURN);
            set.visitMaxs(2, 2);
            set.visitEnd();
        }
    }

    /**
     * Weaves one method. {@link LocalVariablesSorter} makes room for the token after the parameters and
     * keeps it in every stack map frame; the original body's own locals move up. The enter code is written
     * just before the body's first instruction, after the method's own exception table entries, which the
     * class reader delivers first: the catch-all handler must come after them.
     */
    private static final class HookWeaver extends LocalVariablesSorter {
        private final MethodRule rule;
        /** For guarded rules: the types of the original code's locals and stack at each instruction. */
        AnalyzerAdapter analyzer;
        private final boolean stateField;
        private final boolean sampledField;
        private final String owner;
        private final boolean frames;
        private final Type[] parameters;
        private final Type returnType;
        private boolean begun;
        private int token = -1;
        private Type tokenType;
        /** Copies of this and the first two arguments, taken on entry for the exit hooks; -1 if not needed. */
        private final int[] copies = {-1, -1, -1};
        private final Type[] copyTypes = new Type[3];
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        HookWeaver(MethodVisitor next, int access, String descriptor, String owner, int version, MethodRule rule,
                   boolean stateField, boolean sampledField) {
            super(Opcodes.ASM9, access, descriptor, next);
            this.rule = rule;
            this.stateField = stateField;
            this.sampledField = sampledField;
            this.owner = owner;
            this.frames = (version & 0xFFFF) >= Opcodes.V1_6;
            this.parameters = Type.getArgumentTypes(descriptor);
            this.returnType = Type.getReturnType(descriptor);
        }

        /** The enter hook, the token and the start of the guarded range, once, before the first instruction. */
        private void begin() {
            if (begun) {
                return;
            }
            begun = true;
            if (rule.guard != null) {
                // [token = null;] if (guard) [token =] enter(...); -- the frame after the test is the method's
                // entry frame (nothing has run yet), plus the token if there is one, which the sorter adds
                boolean tokened = rule.enter.returnType.getSort() != Type.VOID;
                if (tokened) {
                    tokenType = rule.enter.returnType;
                    token = newLocal(tokenType);
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    mv.visitVarInsn(Opcodes.ASTORE, token);
                }
                push(rule.guard, false);
                Label skip = new Label();
                mv.visitJumpInsn(Opcodes.IFEQ, skip);
                push(rule.enter, false);
                if (tokened) {
                    mv.visitVarInsn(Opcodes.ASTORE, token);
                }
                mv.visitLabel(skip);
                if (frames) {
                    Object[] locals = entryLocals();
                    super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
                }
                mv.visitInsn(Opcodes.NOP); // the method's own first frame, if any, is at a later offset
            } else if (rule.enter != null) {
                push(rule.enter, false);
                if (rule.enter.returnType.getSort() != Type.VOID) {
                    tokenType = rule.enter.returnType;
                    token = newLocal(tokenType);
                    mv.visitVarInsn(tokenType.getOpcode(Opcodes.ISTORE), token);
                }
            }
            // The exit hooks get the values the method was called with, copied now: a body may assign its
            // parameters (a getter's columnIndex--), or reuse their slots for other types.
            copy(rule.exit);
            copy(rule.thrown);
            if (rule.thrown != null) {
                mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
                mv.visitLabel(start);
            }
        }

        /** The method's locals at entry, in visitFrame form: {@code this} and the parameters. */
        private Object[] entryLocals() {
            Object[] locals = new Object[parameters.length + 1];
            locals[0] = owner;
            for (int i = 0; i < parameters.length; i++) {
                locals[i + 1] = entryType(parameters[i]);
            }
            return locals;
        }

        private void copy(Hook hook) {
            if (hook == null) {
                return;
            }
            for (Hook.Arg a : hook.args) {
                boolean self = a == Hook.Arg.THIS || a == Hook.Arg.STATE || a == Hook.Arg.SAMPLED;
                int i = self ? 0 : a == Hook.Arg.ARG0 ? 1 : a == Hook.Arg.ARG1 ? 2 : -1;
                if (i < 0 || copies[i] >= 0) {
                    continue;
                }
                Type type = i == 0 ? Type.getObjectType(owner) : parameters[i - 1];
                int slot = i == 0 ? 0 : slotOf(i - 1);
                copyTypes[i] = type;
                copies[i] = newLocal(type);
                mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
                mv.visitVarInsn(type.getOpcode(Opcodes.ISTORE), copies[i]);
            }
        }

        private int slotOf(int parameter) {
            int slot = 1;
            for (int i = 0; i < parameter; i++) {
                slot += parameters[i].getSize();
            }
            return slot;
        }

        /** Pushes the hook's arguments (after the value, which is already on the stack) and calls it. */
        private void push(Hook hook, boolean valueOnStack) {
            for (int i = 0; i < hook.args.length; i++) {
                Type target = hook.parameters[i];
                switch (hook.args[i]) {
                    case VALUE:
                        if (!valueOnStack) {
                            throw new IllegalStateException(hook + " takes a value that is not there");
                        }
                        mv.visitInsn(Opcodes.DUP);
                        break;
                    case THIS:
                        loadThis();
                        break;
                    case STATE:
                        if (stateField) {
                            injected(STATE_FIELD, "()Ljava/lang/Object;");
                        } else {
                            mv.visitFieldInsn(Opcodes.GETSTATIC, STATE_CLASS, "NO_FIELD", "Ljava/lang/Object;");
                        }
                        break;
                    case SAMPLED:
                        if (sampledField) {
                            injected(SAMPLED_FIELD, "()Z");
                        } else {
                            mv.visitInsn(Opcodes.ICONST_0);
                        }
                        break;
                    case ARG0:
                        loadArgument(0, target);
                        break;
                    case ARG1:
                        loadArgument(1, target);
                        break;
                    case TOKEN:
                        mv.visitVarInsn(tokenType.getOpcode(Opcodes.ILOAD), token);
                        break;
                    case NULL:
                        mv.visitInsn(Opcodes.ACONST_NULL);
                        break;
                    case TRUE:
                        mv.visitInsn(Opcodes.ICONST_1);
                        break;
                    case FALSE:
                        mv.visitInsn(Opcodes.ICONST_0);
                        break;
                    default:
                        throw new IllegalStateException(hook.args[i].toString());
                }
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hook.OWNER, hook.name, hook.descriptor, false);
        }

        /** {@code this}: from its copy in exit hooks, from slot 0 on entry. */
        private void loadThis() {
            mv.visitVarInsn(Opcodes.ALOAD, copies[0] >= 0 ? copies[0] : 0);
        }

        /** The value of an injected field of this object, through the accessor woven into its class. */
        private void injected(String accessor, String descriptor) {
            loadThis();
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, accessor, descriptor, false);
        }

        /** An argument: from its copy in exit hooks, from its own slot on entry (nothing has run yet). */
        private void loadArgument(int index, Type target) {
            Type source = parameters[index];
            int copy = copies[index + 1];
            mv.visitVarInsn(source.getOpcode(Opcodes.ILOAD), copy >= 0 ? copy : slotOf(index));
            convert(source, target);
        }

        /** The widening conversions the hooks need; anything else is a rule written wrong. */
        private void convert(Type source, Type target) {
            int from = source.getSort();
            int to = target.getSort();
            boolean intLike = from == Type.INT || from == Type.SHORT || from == Type.BYTE || from == Type.CHAR
                    || from == Type.BOOLEAN;
            if (from == to || intLike && to == Type.INT
                    || (from == Type.OBJECT || from == Type.ARRAY) && target.getDescriptor().equals("Ljava/lang/Object;")) {
                return;
            }
            if (intLike && to == Type.LONG) {
                mv.visitInsn(Opcodes.I2L);
            } else if (intLike && to == Type.DOUBLE) {
                mv.visitInsn(Opcodes.I2D);
            } else if (from == Type.FLOAT && to == Type.DOUBLE) {
                mv.visitInsn(Opcodes.F2D);
            } else if (from == Type.LONG && to == Type.DOUBLE) {
                mv.visitInsn(Opcodes.L2D);
            } else {
                throw new IllegalStateException("cannot pass " + source + " as " + target);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            begin();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && rule.exit != null) {
                boolean value = rule.exit.takesValue();
                if (value && returnType.getSize() != 1) {
                    throw new IllegalStateException(rule.exit + " takes a " + returnType + " value");
                }
                if (rule.guard != null && !value && (!frames || analyzer != null && analyzer.locals != null)) {
                    // A guarded rule's token is null when the enter hook was skipped: so is the exit hook. The
                    // frame after it is the original code's frame at the return (from the analyzer), to which
                    // the sorter adds the new locals.
                    Label skip = new Label();
                    mv.visitVarInsn(Opcodes.ALOAD, token);
                    mv.visitJumpInsn(Opcodes.IFNULL, skip);
                    push(rule.exit, false);
                    mv.visitLabel(skip);
                    if (frames) {
                        Object[] locals = compact(analyzer.locals);
                        Object[] stack = compact(analyzer.stack);
                        super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
                    }
                } else {
                    push(rule.exit, value);
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            begin();
            if (rule.thrown != null) {
                mv.visitLabel(end);
                mv.visitLabel(handler);
                if (frames) {
                    // Nothing is assumed of the method's own slots (TOP, this included: a body may reuse any of
                    // them); the sorter adds the token and the copies, assigned before the range starts.
                    int ownSlots = slotOf(parameters.length);
                    Object[] locals = new Object[ownSlots];
                    java.util.Arrays.fill(locals, Opcodes.TOP);
                    super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
                }
                push(rule.thrown, true);
                mv.visitInsn(Opcodes.ATHROW);
            }
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }

        /** The analyzer's types in visitFrame form: the TOP that follows each long or double is dropped. */
        private static Object[] compact(List<Object> types) {
            List<Object> out = new java.util.ArrayList<>(types.size());
            for (int i = 0; i < types.size(); i++) {
                Object t = types.get(i);
                out.add(t);
                if (t == Opcodes.LONG || t == Opcodes.DOUBLE) {
                    i++;
                }
            }
            return out.toArray();
        }

        /** A parameter's type in a stack map frame at the method's entry. */
        private static Object entryType(Type t) {
            switch (t.getSort()) {
                case Type.BOOLEAN:
                case Type.CHAR:
                case Type.BYTE:
                case Type.SHORT:
                case Type.INT:
                    return Opcodes.INTEGER;
                case Type.FLOAT:
                    return Opcodes.FLOAT;
                case Type.LONG:
                    return Opcodes.LONG;
                case Type.DOUBLE:
                    return Opcodes.DOUBLE;
                case Type.ARRAY:
                    return t.getDescriptor();
                default:
                    return t.getInternalName();
            }
        }

        // ---- every other first event of the body starts it ----

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            begin();
            super.visitFrame(type, numLocal, local, numStack, stack);
        }

        @Override
        public void visitLabel(Label label) {
            begin();
            super.visitLabel(label);
        }

        @Override
        public void visitLineNumber(int line, Label startLabel) {
            begin();
            super.visitLineNumber(line, startLabel);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            begin();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            begin();
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            begin();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            begin();
            super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor,
                                    boolean isInterface) {
            begin();
            super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            begin();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            begin();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            begin();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            begin();
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            begin();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            begin();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            begin();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }
    }
}
