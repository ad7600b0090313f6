package com.foobar.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** A person who can sign in and write posts. The handle is lower-case and never changes. */
@Entity
public class Account {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true, length = 30)
	private String handle;

	@Column(nullable = false, unique = true, length = 254)
	private String email;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** The TOTP seed of the account's second factor, null without one. */
	@Column(name = "totp_secret", length = 64)
	private String totpSecret;

	protected Account() {
	}

	Account(String handle, String email, String passwordHash, Instant createdAt) {
		this.handle = handle;
		this.email = email;
		this.passwordHash = passwordHash;
		this.createdAt = createdAt;
	}

	public Long getId() {
		return this.id;
	}

	public String getHandle() {
		return this.handle;
	}

	String getEmail() {
		return this.email;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	String getTotpSecret() {
		return this.totpSecret;
	}

	/** The second factor on (a seed) or off (null). */
	void setTotpSecret(String totpSecret) {
		this.totpSecret = totpSecret;
	}

	/** A new hash of the same password (the encoder's current one replacing an older one at sign-in). */
	void rehash(String passwordHash) {
		this.passwordHash = passwordHash;
	}

}
