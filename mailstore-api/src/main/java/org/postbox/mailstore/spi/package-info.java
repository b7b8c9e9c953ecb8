/**
 * What the backends share in implementing the store SPI, and what callers of the store never
 * need: walking and removing file trees ({@link org.postbox.mailstore.spi.FileTrees}). JDK only,
 * like the SPI itself.
 */
package org.postbox.mailstore.spi;
