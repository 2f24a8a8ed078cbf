package org.imagerelease.activities.azure;

import java.util.List;
import java.util.Map;
import org.imagerelease.activities.config.ConfigException;

/**
 * Who the worker is in Azure, from the environment variables the distribution's uploader reads:
 * a service principal when AZURE_CLIENT_ID, AZURE_SECRET and AZURE_TENANT are all set, else the
 * Azure SDK's default chain (managed identity, workload identity, the Azure CLI's login). The
 * subscription is always AZURE_SUBSCRIPTION_ID. Nothing here prints the secret.
 */
public sealed interface AzureCredentials {
  String SUBSCRIPTION_ID = "AZURE_SUBSCRIPTION_ID";
  String CLIENT_ID = "AZURE_CLIENT_ID";
  String SECRET = "AZURE_SECRET";
  String TENANT = "AZURE_TENANT";

  String subscriptionId();

  /** A service principal with a client secret. */
  record ServicePrincipal(String subscriptionId, String tenantId, String clientId, String secret) implements AzureCredentials {
    @Override
    public String toString() {
      return "service principal " + clientId + " of tenant " + tenantId + " in subscription " + subscriptionId;
    }
  }

  /** The SDK's default credential chain. */
  record DefaultChain(String subscriptionId) implements AzureCredentials {
    @Override
    public String toString() {
      return "the Azure SDK's default credentials in subscription " + subscriptionId;
    }
  }

  /**
   * The credentials {@code env} names.
   *
   * @throws ConfigException naming each variable missing: the subscription, or the rest of a
   *     service principal of which only some variables are set
   */
  static AzureCredentials fromEnvironment(Map<String, String> env) {
    String subscription = value(env, SUBSCRIPTION_ID);
    List<String> principal = List.of(CLIENT_ID, SECRET, TENANT);
    List<String> missing = principal.stream().filter(name -> value(env, name).isEmpty()).toList();
    if (missing.size() > 0 && missing.size() < principal.size()) {
      List<String> set = principal.stream().filter(name -> !missing.contains(name)).toList();
      throw new ConfigException(
          "Azure credentials: " + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " not set, while "
              + String.join(" and ", set) + (set.size() == 1 ? " is" : " are")
              + ": set all three for a service principal, or none for the Azure SDK's default credentials");
    }
    if (subscription.isEmpty()) {
      throw new ConfigException("Azure credentials: " + SUBSCRIPTION_ID + " is not set; the Azure target needs the subscription it releases into");
    }
    if (missing.isEmpty()) {
      return new ServicePrincipal(subscription, value(env, TENANT), value(env, CLIENT_ID), value(env, SECRET));
    }
    return new DefaultChain(subscription);
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null ? "" : value.strip();
  }
}
