package io.querylens.instrument.jdbc;

import io.querylens.bootstrap.StateHolder;
import io.querylens.instrument.Advices;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.SyntheticState;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies the JDBC advice a class needs, by what it implements (one class can be several kinds). Classes
 * instrumented as they load also get the {@link StateHolder} field; classes retransformed after an attach
 * keep their shape and use the fallback table instead.
 */
public final class JdbcTransformer implements AgentBuilder.Transformer {
    static final String STATE_FIELD = "querylens$state";

    private final boolean injectState;
    private final AgentBuilder.Transformer.ForAdvice connection;
    private final AgentBuilder.Transformer.ForAdvice statement;
    private final AgentBuilder.Transformer.ForAdvice prepared;
    private final AgentBuilder.Transformer.ForAdvice resultSet;
    private final AgentBuilder.Transformer.ForAdvice dataSource;

    public JdbcTransformer(ClassLoader agentLoader, boolean injectState) {
        this.injectState = injectState;
        connection = ConnectionInstrumentation.apply(Advices.from(agentLoader));
        statement = StatementInstrumentation.apply(Advices.from(agentLoader));
        prepared = PreparedStatementInstrumentation.apply(Advices.from(agentLoader));
        resultSet = ResultSetInstrumentation.apply(Advices.from(agentLoader));
        dataSource = DataSourceInstrumentation.apply(Advices.from(agentLoader));
    }

    /** Every class the JDBC instrumentation transforms. */
    public static ElementMatcher<TypeDescription> types() {
        return JdbcTypes.classOf(JdbcTypes.CONNECTION | JdbcTypes.STATEMENT | JdbcTypes.RESULT_SET
                | JdbcTypes.DATA_SOURCE);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                            ClassLoader loader, JavaModule module, ProtectionDomain domain) {
        int kinds = JdbcTypes.kinds(type);
        // a class in a named module may not read the bootstrap loader's unnamed module, where StateHolder
        // lives; implementing it there would fail the class's definition, so such classes use the table
        boolean unnamed = module == null || !module.isNamed();
        if (injectState && unnamed
                && (kinds & (JdbcTypes.CONNECTION | JdbcTypes.STATEMENT | JdbcTypes.RESULT_SET)) != 0) {
            builder = builder
                    .defineField(STATE_FIELD, Object.class, Visibility.PRIVATE, FieldManifestation.PLAIN,
                            SyntheticState.SYNTHETIC)
                    .implement(StateHolder.class)
                    .intercept(FieldAccessor.ofField(STATE_FIELD));
        }
        if ((kinds & JdbcTypes.CONNECTION) != 0) {
            builder = connection.transform(builder, type, loader, module, domain);
        }
        if ((kinds & JdbcTypes.STATEMENT) != 0) {
            builder = statement.transform(builder, type, loader, module, domain);
        }
        if ((kinds & JdbcTypes.PREPARED) != 0) {
            builder = prepared.transform(builder, type, loader, module, domain);
        }
        if ((kinds & JdbcTypes.RESULT_SET) != 0) {
            builder = resultSet.transform(builder, type, loader, module, domain);
        }
        if ((kinds & JdbcTypes.DATA_SOURCE) != 0) {
            builder = dataSource.transform(builder, type, loader, module, domain);
        }
        return builder;
    }
}
