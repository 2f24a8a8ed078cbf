package org.imagerelease.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The typed search attributes every release keeps current. A cluster must have them registered
 * (as Keyword) before releases start; {@code image-release server} and the docker-compose stack
 * do so.
 */
public final class ReleaseSearchAttributes {
  public static final SearchAttributeKey<String> COMPOSE_ID = SearchAttributeKey.forKeyword("ComposeId");
  public static final SearchAttributeKey<String> RELEASE_STAGE =
      SearchAttributeKey.forKeyword("ReleaseStage");

  /** Every attribute, for registration. */
  public static final List<SearchAttributeKey<String>> ALL = List.of(COMPOSE_ID, RELEASE_STAGE);

  private ReleaseSearchAttributes() {}
}
