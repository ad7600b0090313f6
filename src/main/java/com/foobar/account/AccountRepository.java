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

}
