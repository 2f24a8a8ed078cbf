package org.imagerelease.activities.transfer.xz;

import java.util.List;

/**
 * Every block of an .xz file, over all its concatenated streams, in file order.
 *
 * @param blocks the blocks; their decoded ranges follow one another from 0
 * @param decodedSize size of the decoded image
 */
public record XzLayout(List<XzBlock> blocks, long decodedSize) {

  public XzLayout {
    blocks = List.copyOf(blocks);
  }
}
