/**
 * What the backends share in implementing the store SPI, and what callers of the store never
 * need: the registry of a store's open maildrops with its closed state ({@link
 * org.postbox.mailstore.spi.OpenMaildrops}), the recipient check derived from a directory's
 * answers ({@link org.postbox.mailstore.spi.RecipientCheck}), the expansion of recipients through
 * aliases and catch-alls into mailboxes stored into once each, with the outcomes and refusals
 * that follow ({@link org.postbox.mailstore.spi.RecipientExpansion}), the counts of a message
 * stored as it streams in ({@link org.postbox.mailstore.spi.MessageTally}), the checks an import
 * makes of each message ({@link org.postbox.mailstore.spi.ImportChecks}), and removal of file trees
 * ({@link org.postbox.mailstore.spi.FileTrees}). JDK only, like the SPI itself.
 */
package org.postbox.mailstore.spi;
