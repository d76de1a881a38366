package dev.textback.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Dynamic proxies of JDBC interfaces for tests that watch what the store sends (statements, commits). */
final class JdbcProxies {
  private JdbcProxies() {}

  /** Calls {@code m} on {@code target}, throwing what the call threw rather than its reflective wrapper. */
  static Object call(Object target, Method m, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
