package com.foobar.system;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * An unreachable database is a 503 with a friendly page, not a 500 with a trace: in a controller (the advice)
 * and in a filter such as Spring Session's, which fails before any controller runs (the error view resolver).
 * Being an ErrorViewResolver bean, it replaces Boot's default one, so it maps the other statuses to pages too.
 */
@ControllerAdvice
@Component
class DatabaseUnavailable implements ErrorViewResolver {

	static final String VIEW = "error/page";

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

	/** MariaDB's max_statement_time (1969), MySQL's max_execution_time (3024), a lock wait timed out (1205). */
	private static final Set<Integer> CUT_OFF = Set.of(1969, 3024, 1205);

	@ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class })
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	ModelAndView databaseDown(Exception ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		return page("503", Map.of(), HttpStatus.SERVICE_UNAVAILABLE);
	}

	/**
	 * A statement the database cut off at the app's statement limit (RoutingConfiguration.STATEMENT_LIMIT): one
	 * warning that says so, and the 503 page that says the site took too long and nothing changed. A connection
	 * lost under a statement (the writer killed while it answered a read that lag had sent to it) is the database
	 * down: the 503 page, which nginx retries on another replica for a GET; rethrown, it became a bare 500. Any
	 * other data access failure goes on to the default handling.
	 */
	@ExceptionHandler(DataAccessException.class)
	ModelAndView statementCutOff(DataAccessException ex) throws DataAccessException {
		SQLException cutOff = cutOffBy(ex);
		if (cutOff != null) {
			log.warn("Statement cut off by the database at the app's statement limit (error {}): {}",
					cutOff.getErrorCode(), cutOff.getMessage());
			return page("timeout", Map.of(), HttpStatus.SERVICE_UNAVAILABLE);
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLRecoverableException || cause instanceof SQLTransientConnectionException) {
				return databaseDown(ex);
			}
		}
		throw ex;
	}

	/** The server's own error for a statement it stopped at its time limit or after a lock wait, if that is the cause. */
	static SQLException cutOffBy(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && CUT_OFF.contains(sql.getErrorCode())) {
				return sql;
			}
		}
		return null;
	}

	@Override
	public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
		Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (cutOffBy((Throwable) error) != null) {
			return page("timeout", model, HttpStatus.SERVICE_UNAVAILABLE);
		}
		for (Throwable cause = (Throwable) error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof CannotCreateTransactionException) {
				return page("503", model, HttpStatus.SERVICE_UNAVAILABLE);
			}
		}
		String code = switch (status) {
			case NOT_FOUND, FORBIDDEN, SERVICE_UNAVAILABLE -> String.valueOf(status.value());
			default -> status.is4xxClientError() ? "4xx" : "5xx";
		};
		return page(code, model, status);
	}

	/** One template for every error page; the code picks its texts from messages.properties. */
	private static ModelAndView page(String code, Map<String, Object> model, HttpStatus status) {
		ModelAndView page = new ModelAndView(VIEW, model, status);
		page.addObject("code", code);
		return page;
	}

}
