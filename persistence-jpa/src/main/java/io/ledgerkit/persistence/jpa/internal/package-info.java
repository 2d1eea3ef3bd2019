/** Implementation details of the JPA module; not an API, may change without notice. */
package io.ledgerkit.persistence.jpa.internal;
