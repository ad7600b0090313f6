package com.foobar.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccountRepository extends JpaRepository<Account, Long> {

	Optional<Account> findByHandle(String handle);

	boolean existsByHandle(String handle);

	boolean existsByEmail(String email);

	/**
	 * Records {@code step} as the last one a code was accepted for, if it is later than the last: one statement, so
	 * two requests with the same code cannot both pass. 1 when it was recorded.
	 */
	@Modifying
	@Query(value = "UPDATE account SET totp_last_step = :step WHERE handle = :handle"
			+ " AND (totp_last_step IS NULL OR totp_last_step < :step)", nativeQuery = true)
	int useTotpStep(@Param("handle") String handle, @Param("step") long step);

	@Query(value = "SELECT COALESCE(totp_last_step, -1) FROM account WHERE handle = :handle", nativeQuery = true)
	long lastTotpStep(@Param("handle") String handle);

	/** 1 when the account has a pending reset of this code's digest that has not ended (the database's clock). */
	@Query(value = "SELECT COUNT(*) FROM account WHERE handle = :handle AND reset_code_hash = :digest"
			+ " AND reset_expires_at > UTC_TIMESTAMP(6)", nativeQuery = true)
	int resetPending(@Param("handle") String handle, @Param("digest") String digest);

	/**
	 * The new hash, if the reset of this digest is still pending: one statement, so a code is spent once. Its second
	 * factor is turned off when the reset says so; the flag is cleared last (MySQL assigns left to right).
	 */
	@Modifying
	@Query(value = "UPDATE account SET password_hash = :hash,"
			+ " totp_secret = IF(reset_clears_second_factor, NULL, totp_secret),"
			+ " totp_last_step = IF(reset_clears_second_factor, NULL, totp_last_step),"
			+ " reset_code_hash = NULL, reset_expires_at = NULL, reset_clears_second_factor = FALSE"
			+ " WHERE handle = :handle AND reset_code_hash = :digest AND reset_expires_at > UTC_TIMESTAMP(6)",
			nativeQuery = true)
	int useReset(@Param("handle") String handle, @Param("digest") String digest, @Param("hash") String hash);

}
