package io.ledgerhouse.collect.aws;

import io.ledgerhouse.domain.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The configured AWS accounts and SDK clients for them. Credentials come from the SDK's default chain, or from STS
 * assuming the account's role with them; Ledgerhouse never holds or logs a key.
 */
@ApplicationScoped
public class AwsClients {

    /** Cost Explorer has one endpoint, in us-east-1. */
    static final Region COST_EXPLORER_REGION = Region.US_EAST_1;

    @Inject
    AwsConfig config;

    /** The clients of one run, and what supplies their credentials; all closed when the run ends. */
    public record Session(CostExplorerClient costExplorer, CloudWatchClient cloudWatch, List<AutoCloseable> resources)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            costExplorer.close();
            cloudWatch.close();
            for (AutoCloseable r : resources) {
                r.close();
            }
        }
    }

    public Map<String, AwsConfig.Account> all() {
        return config.accounts();
    }

    public Optional<AwsConfig.Account> find(String name) {
        return Optional.ofNullable(config.accounts().get(name));
    }

    public AwsConfig.Account get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("no AWS account named '" + name
                + "' is configured"));
    }

    /** Opens clients for the named account. */
    public Session open(String name) {
        AwsConfig.Account account = get(name);
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        List<AutoCloseable> resources = new java.util.ArrayList<>();
        AwsCredentialsProvider credentials = chain;
        if (account.roleArn().isPresent()) {
            StsClient sts = StsClient.builder().region(Region.of(account.region()))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).credentialsProvider(chain).build();
            StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(account.roleArn().get()).roleSessionName("ledgerhouse-" + name))
                    .build();
            resources.add(assumed);
            resources.add(sts); // the provider does not close a client it was given
            credentials = assumed;
        }
        resources.add(chain);
        var ce = CostExplorerClient.builder().region(COST_EXPLORER_REGION).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        var cw = CloudWatchClient.builder().region(Region.of(account.region())).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        account.endpointOverride().ifPresent(uri -> {
            ce.endpointOverride(uri);
            cw.endpointOverride(uri);
        });
        return new Session(ce.build(), cw.build(), resources);
    }

    /** What Ledgerhouse shows of an account's configuration (it holds no secret; the role is not one). */
    public Optional<Map<String, Object>> described(String name) {
        return find(name).map(a -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("payerAccountId", a.payerAccountId());
            out.put("tagKeys", a.tagKeys().orElse(List.of()));
            out.put("metrics", a.metrics());
            out.put("region", a.region());
            a.roleArn().ifPresent(r -> out.put("roleArn", r));
            out.put("redshiftClusters", a.redshiftClusters().orElse(List.of()));
            out.put("months", a.months());
            out.put("credentials", a.roleArn().isPresent() ? "SDK default chain, then STS AssumeRole"
                    : "SDK default chain");
            out.put("enabled", a.enabled());
            return out;
        });
    }
}
