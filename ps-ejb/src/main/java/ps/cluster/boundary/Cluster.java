package ps.cluster.boundary;

import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import ps.cluster.control.Lease;
import ps.cluster.control.Nodes;
import ps.db.Database;
import ps.db.Db;
import ps.settings.PsSettings;

/**
 * This node's place in the cluster: the {@link Lease} that says whether it runs the singletons (neelix's
 * evaluation and the batch scheduler, which name {@code @DependsOn("Cluster")} so they stop before the
 * lease is given up). On SQLite the one node always holds it.
 * <p>
 * Like LogStore it names no {@code @DependsOn}: its first call on {@link Db} starts that bean, and a
 * dependency of its own makes Payara's singleton ordering report a false cycle (Jobs and Neelix depend on
 * it both directly and through each other).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Cluster {
    private static final Logger LOG = Logger.getLogger("ps.cluster");
    /** The one lease of the singletons. */
    static final String SINGLETONS = "singletons";

    @Inject
    PsSettings settings;

    @Inject
    Db db;

    @Resource
    ManagedThreadFactory threads;

    private Lease lease;
    private int number;

    @PostConstruct
    void start() {
        Database database = db.database();
        number = database.postgres() ? db.write(connection -> Nodes.register(connection, settings.nodeId())) : Nodes.SINGLE;
        database.nodeNumber(number);
        lease = database.postgres()
                ? Lease.shared(database.dataSource(), SINGLETONS, settings.nodeId(), settings.leaseExpiry(),
                        settings.leaseExpiry().dividedBy(3))
                : Lease.single(settings.nodeId());
        lease.start(threads);
        LOG.info(() -> "ps.cluster: node " + lease.node() + " (number " + number + ")" + (lease.isSingle() ? ", the only one (SQLite)"
                : ", lease expiry " + settings.leaseExpiry().toSeconds() + " s"));
    }

    @PreDestroy
    void stop() {
        lease.close();
    }

    public Lease lease() {
        return lease;
    }

    /** This node's small number in the cluster ({@link Nodes}); 1 on SQLite. */
    public int nodeNumber() {
        return number;
    }
}
