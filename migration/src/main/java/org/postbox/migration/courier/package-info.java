/**
 * Courier installations: the userdb ({@link org.postbox.migration.courier.CourierUserdb}) and the
 * POP3 server's {@code courierpop3dsizelist}
 * ({@link org.postbox.migration.courier.CourierSizeList}), with the UIDLs and order Courier lists
 * from it ({@link org.postbox.migration.courier.CourierPop3Listing}). The tests hold them to what a
 * real Courier answered.
 */
package org.postbox.migration.courier;
