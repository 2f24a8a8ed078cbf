/**
 * A stateful local Azure Resource Manager endpoint for Azure Compute Gallery, for tests, the demo
 * and the benchmark: {@link org.imagerelease.localcloud.azure.arm.LocalArm}. No emulator covers
 * Compute Gallery, so this one is written from the published specification (azure-rest-api-specs
 * {@code specification/compute/resource-manager/Microsoft.Compute/GalleryRP/stable/2024-03-03},
 * the {@code api-version} azure-resourcemanager-compute 2.55.1 sends) and ARM's protocol for
 * long-running operations, and any Azure management client given its URL works against it.
 *
 * <p>What it serves, for one subscription, over HTTPS on 127.0.0.1:
 *
 * <ul>
 *   <li>Galleries: CreateOrUpdate (PUT), Update (PATCH), Get, ListByResourceGroup, List (by
 *       subscription), Delete.
 *   <li>Gallery images (definitions): CreateOrUpdate, Update, Get, ListByGallery, Delete;
 *       osType, osState and identifier required, osType/osState/hyperVGeneration/architecture
 *       /identifier fixed once created.
 *   <li>Gallery image versions: CreateOrUpdate, Update, Get (with {@code
 *       $expand=ReplicationStatus}), ListByGalleryImage, Delete; a name of three int32s, a
 *       storage profile with a source (a blob uri needs its storageAccountId), target regions
 *       that include the version's own; replication per target region, regions added by an
 *       update replicate after {@link org.imagerelease.localcloud.azure.arm.ArmDelays#replication()}.
 *   <li>Long-running operations: PUT answers 201 (create) or 200 (update) and PATCH 200, with the
 *       resource in {@code Creating}/{@code Updating}, an {@code Azure-AsyncOperation} status
 *       resource ({@code .../locations/{l}/capsOperations/{id}}) and {@code Retry-After}; DELETE
 *       answers 202 with {@code Azure-AsyncOperation} and a {@code Location} monitor, or 204 when
 *       there is nothing to delete.
 *   <li>The provider lookups a client may make: GET {@code /subscriptions/{s}/providers/Microsoft.Compute}
 *       and POST {@code .../register} (always {@code Registered}).
 *   <li>ARM's errors, {@code {"error":{"code","message"}}}: 401 without a bearer token, 400
 *       {@code MissingApiVersionParameter}, 404 {@code ResourceNotFound} / {@code
 *       ParentResourceNotFound} / {@code SubscriptionNotFound}, 400 {@code InvalidParameter}, 409
 *       {@code PropertyChangeNotAllowed} / {@code CannotDeleteResource} / {@code
 *       OperationNotAllowed}, and on demand 429 {@code TooManyRequests}, versions that end
 *       {@code Failed} and regions whose replication fails.
 * </ul>
 *
 * <p>Clients reach it over HTTPS with its certificate ({@code LocalArm.writeCertificate}):
 * Java through {@code LocalArm.clientSslContext()}, curl with {@code --cacert}, Node with {@code
 * NODE_EXTRA_CA_CERTS}, Python with {@code REQUESTS_CA_BUNDLE}. The tests drive it with
 * azure-resourcemanager-compute 2.55.1; @azure/arm-compute 22.4.0 (Node) was also run through
 * create, replicate, expand, delete and list against it by hand.
 *
 * <p>Where the service's behaviour is not written in the specification, the choice made is
 * written where it is made (e.g. a failed replication fails the operation that started it with
 * {@code ReplicationFailed} and leaves the version {@code Failed}).
 */
package org.imagerelease.localcloud.azure.arm;
