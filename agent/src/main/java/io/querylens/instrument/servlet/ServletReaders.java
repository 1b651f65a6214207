package io.querylens.instrument.servlet;

import io.querylens.bootstrap.ServletReader;
import java.util.Arrays;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Makes the container's {@code HttpServlet} a {@link ServletReader} as it is defined: the interface, and its
 * five methods, each {@code if (!(r instanceof HttpServletRequest)) return null; return
 * ((HttpServletRequest) r).getMethod();} and the like, against the servlet API of that class's own package.
 *
 * <p>Why: the servlet hooks had read each request through method handles found per request class, five
 * calls a request that the JIT cannot inline (the handle is not a constant): in a CPU profile of the demo
 * under load, about half of QueryLens's servlet samples were the handles' own dispatch. An interface method
 * implemented once, in {@code HttpServlet}, is a direct call.
 */
public final class ServletReaders {
    private static final String READER = Type.getInternalName(ServletReader.class);

    private ServletReaders() {}

    /**
     * {@code classFile} (an {@code HttpServlet} of package {@code api}: "jakarta" or "javax") implementing
     * {@link ServletReader}, or as it was when it implements it already. Only for a class being defined: it
     * changes the class's shape.
     */
    public static byte[] inject(byte[] classFile, String api) {
        ClassReader reader = new ClassReader(classFile);
        for (String i : reader.getInterfaces()) {
            if (i.equals(READER)) {
                return classFile;
            }
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Injector(writer, api), 0);
        return writer.toByteArray();
    }

    private static final class Injector extends ClassVisitor {
        private final String request;
        private final String response;
        private String owner;
        private boolean frames;

        Injector(ClassVisitor next, String api) {
            super(Opcodes.ASM9, next);
            this.request = api + "/servlet/http/HttpServletRequest";
            this.response = api + "/servlet/http/HttpServletResponse";
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            String[] all = Arrays.copyOf(interfaces, interfaces.length + 1);
            all[interfaces.length] = READER;
            super.visit(version, access, name, signature, superName, all);
        }

        @Override
        public void visitEnd() {
            String string = "Ljava/lang/String;";
            String object = "Ljava/lang/Object;";
            read("querylens$method", request, "getMethod", "()" + string, false);
            read("querylens$uri", request, "getRequestURI", "()" + string, false);
            read("querylens$header", request, "getHeader", "(" + string + ")" + string, true);
            read("querylens$attribute", request, "getAttribute", "(" + string + ")" + object, true);
            read("querylens$status", response, "getStatus", "()I", false);
            super.visitEnd();
        }

        /**
         * {@code public R name(Object o[, String s]) { if (!(o instanceof api)) return null-or-0; return
         * ((api) o).method([s]); }}
         */
        private void read(String name, String api, String method, String descriptor, boolean named) {
            Type returned = Type.getReturnType(descriptor);
            String own = "(Ljava/lang/Object;" + (named ? "Ljava/lang/String;" : "") + ")" + returned.getDescriptor();
            MethodVisitor mv = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, name, own, null, null);
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitTypeInsn(Opcodes.INSTANCEOF, api);
            Label read = new Label();
            mv.visitJumpInsn(Opcodes.IFNE, read);
            mv.visitInsn(returned.getSort() == Type.INT ? Opcodes.ICONST_0 : Opcodes.ACONST_NULL);
            mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
            mv.visitLabel(read);
            if (frames) {
                Object[] locals = named ? new Object[] {owner, "java/lang/Object", "java/lang/String"}
                        : new Object[] {owner, "java/lang/Object"};
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
            }
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitTypeInsn(Opcodes.CHECKCAST, api);
            if (named) {
                mv.visitVarInsn(Opcodes.ALOAD, 2);
            }
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, api, method, descriptor, true);
            mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
            mv.visitMaxs(named ? 2 : 1, named ? 3 : 2);
            mv.visitEnd();
        }
    }
}
