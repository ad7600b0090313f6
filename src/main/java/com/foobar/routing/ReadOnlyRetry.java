package com.foobar.routing;

import java.lang.reflect.Method;
import java.sql.SQLException;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * ReplicaFailover's rule for the JPA side: an outermost {@code @Transactional(readOnly = true)} call
 * (sign-in's account lookup, sign-up's checks) that the replica fails to answer marks it down and runs again,
 * once, in a new transaction, which then reads from the primary. Placed outside the transaction interceptor.
 */
final class ReadOnlyRetry implements MethodInterceptor {

	/** The methods: read-only transactions, declared on the method or its class. */
	static final StaticMethodMatcherPointcut READ_ONLY = new StaticMethodMatcherPointcut() {
		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
			Transactional transactional = AnnotatedElementUtils.findMergedAnnotation(specific, Transactional.class);
			if (transactional == null) {
				transactional = AnnotatedElementUtils.findMergedAnnotation(specific.getDeclaringClass(), Transactional.class);
			}
			return transactional != null && transactional.readOnly();
		}
	};

	private final ObjectProvider<RoutingDataSource> routing;

	ReadOnlyRetry(ObjectProvider<RoutingDataSource> routing) {
		this.routing = routing;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		// Only the outermost call: an inner one runs in a transaction whose connection has already failed.
		if (TransactionSynchronizationManager.isActualTransactionActive()
				|| !(invocation instanceof ProxyMethodInvocation proxied)) {
			return invocation.proceed();
		}
		MethodInvocation again = proxied.invocableClone();
		RoutingDataSource routing = this.routing.getObject();
		routing.readStarts();
		try {
			return invocation.proceed();
		}
		catch (RuntimeException ex) {
			SQLException cause = ReplicaFailover.connectionFailure(ex);
			if (cause == null || !routing.replicaFailed(cause)) {
				throw ex;
			}
			return again.proceed();
		}
	}

}
