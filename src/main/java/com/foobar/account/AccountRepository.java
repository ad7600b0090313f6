package com.foobar.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface AccountRepository extends JpaRepository<Account, Long> {

	Optional<Account> findByHandle(String handle);

	boolean existsByHandle(String handle);

	boolean existsByEmail(String email);

}
