package org.imagerelease.devtools.embedded;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.imagerelease.worker.TemporalConnection;

/**
 * The embedded Temporal server: the Java test server from temporal-testing, on the real clock,
 * with this project's search attributes registered. It keeps state in memory only and has no
 * visibility list queries and no Schedules; a real cluster is for production.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  public static final String NAMESPACE = "default";

  private final AutoCloseable server;
  private final WorkflowServiceStubsOptions stubOptions;
  private final String address;

  private EmbeddedTemporal(AutoCloseable server, WorkflowServiceStubsOptions stubOptions, String address) {
    this.server = server;
    this.stubOptions = stubOptions;
    this.address = address;
  }

  /** A server inside this process, reachable only through its in-process channel. */
  public static EmbeddedTemporal inProcess() {
    TestServer.InProcessTestServer server = TestServer.createServer(true);
    ManagedChannel channel = server.getChannel();
    EmbeddedTemporal embedded =
        new EmbeddedTemporal(server, WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build(), "in-process");
    embedded.registerSearchAttributes();
    return embedded;
  }

  /**
   * A server listening on {@code host:port} (port 0 picks a free one), so the temporal CLI,
   * tctl and worker processes can use it. Binds only the given address, unlike the test
   * server's own port-bound mode, which listens on every interface.
   */
  public static EmbeddedTemporal listeningOn(String host, int port) throws IOException {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server grpcServer;
    try {
      grpcServer = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new IOException("cannot listen on " + host + ":" + port + " (is another Temporal server running there?): " + e.getMessage(), e);
    }
    String address = host + ":" + ((InetSocketAddress) grpcServer.getListenSockets().get(0)).getPort();
    AutoCloseable stop =
        () -> {
          grpcServer.shutdownNow();
          services.close();
        };
    EmbeddedTemporal embedded =
        new EmbeddedTemporal(stop, WorkflowServiceStubsOptions.newBuilder().setTarget(address).build(), address);
    embedded.registerSearchAttributes();
    return embedded;
  }

  /** host:port for other processes, or {@code in-process}. */
  public String address() {
    return address;
  }

  /** A new client connection to this server. */
  public TemporalConnection connect() {
    return TemporalConnection.over(WorkflowServiceStubs.newServiceStubs(stubOptions), NAMESPACE);
  }

  private void registerSearchAttributes() {
    OperatorServiceStubsOptions.Builder options = OperatorServiceStubsOptions.newBuilder();
    if (stubOptions.getChannel() != null) {
      options.setChannel(stubOptions.getChannel());
    } else {
      options.setTarget(stubOptions.getTarget());
    }
    // Unlike WorkflowServiceStubs, OperatorServiceStubs do not fill in defaults (metrics scope
    // and the like) themselves; options without them fail with a NullPointerException.
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(options.validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request = AddSearchAttributesRequest.newBuilder().setNamespace(NAMESPACE);
      ReleaseSearchAttributes.ALL.forEach(
          key -> request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
      operator.blockingStub().addSearchAttributes(request.build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    } finally {
      if (stubOptions.getChannel() == null) {
        operator.shutdown();
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("embedded Temporal server did not stop cleanly", e);
    }
  }
}
