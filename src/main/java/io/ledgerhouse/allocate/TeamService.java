package io.ledgerhouse.allocate;

import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.domain.ValidationException;
import io.ledgerhouse.store.Team;
import io.ledgerhouse.store.TeamRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Teams (owners, cost center) and their workloads. */
@ApplicationScoped
public class TeamService {

    /** Names as rules write them: letters, digits, and . _ - or space inside, at most 100 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9 ._-]{0,98}[A-Za-z0-9])?");

    @Inject
    TeamRepository teams;
    @Inject
    Clock clock;

    /** A team as a client writes it. */
    public record TeamRequest(String name, List<String> owners, String costCenter) {
    }

    /** A workload as a client writes it. */
    public record WorkloadRequest(String name, String description) {
    }

    public record WorkloadView(String name, String description) {
    }

    public record TeamView(String name, List<String> owners, String costCenter, List<WorkloadView> workloads) {
        static TeamView of(Team t) {
            return new TeamView(t.name, List.copyOf(t.owners), t.costCenter, t.workloads.stream()
                    .map(w -> new WorkloadView(w.name, w.description)).toList());
        }
    }

    @Transactional
    public List<TeamView> list() {
        return teams.listAll(Sort.by("name")).stream().map(TeamView::of).toList();
    }

    /** The registered teams among {@code teams} (null: all). */
    @Transactional
    public List<TeamView> list(java.util.Set<String> teams) {
        return list().stream().filter(t -> teams == null || teams.contains(t.name())).toList();
    }

    @Transactional
    public TeamView get(String name) {
        return TeamView.of(find(name));
    }

    @Transactional
    public TeamView create(TeamRequest request) {
        List<String> problems = new ArrayList<>();
        String name = name("name", request.name(), problems);
        List<String> owners = owners(request.owners(), problems);
        String costCenter = costCenter(request.costCenter(), problems);
        if (name != null && teams.findByIdOptional(name).isPresent()) {
            problems.add("name: a team named '" + name + "' exists");
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("The team was not saved: " + problems.size() + " problem(s)", problems);
        }
        Team t = new Team();
        t.name = name;
        t.owners = owners;
        t.costCenter = costCenter;
        t.createdAt = clock.instant();
        t.updatedAt = t.createdAt;
        teams.persist(t);
        return TeamView.of(t);
    }

    /** Replaces the team's owners and cost center (its name stays: rules and past allocations use it). */
    @Transactional
    public TeamView update(String name, TeamRequest request) {
        Team t = find(name);
        List<String> problems = new ArrayList<>();
        if (request.name() != null && !request.name().strip().equals(t.name)) {
            problems.add("name: a team cannot be renamed (rules and past allocations use '" + t.name + "')");
        }
        List<String> owners = owners(request.owners(), problems);
        String costCenter = costCenter(request.costCenter(), problems);
        if (!problems.isEmpty()) {
            throw new ValidationException("The team was not saved: " + problems.size() + " problem(s)", problems);
        }
        t.owners = owners;
        t.costCenter = costCenter;
        t.updatedAt = clock.instant();
        return TeamView.of(t);
    }

    @Transactional
    public void delete(String name) {
        teams.delete(find(name));
    }

    @Transactional
    public TeamView addWorkload(String team, WorkloadRequest request) {
        Team t = find(team);
        List<String> problems = new ArrayList<>();
        String name = name("name", request.name(), problems);
        if (name != null && t.workloads.stream().anyMatch(w -> w.name.equals(name))) {
            problems.add("name: team '" + team + "' has a workload named '" + name + "'");
        }
        String description = request.description() == null || request.description().isBlank() ? null
                : request.description().strip();
        if (description != null && description.length() > 1_000) {
            problems.add("description: at most 1000 characters");
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("The workload was not saved: " + problems.size() + " problem(s)",
                    problems);
        }
        Team.Workload w = new Team.Workload();
        w.name = name;
        w.description = description;
        w.createdAt = clock.instant();
        t.workloads.add(w);
        t.workloads.sort(java.util.Comparator.comparing(x -> x.name));
        t.updatedAt = w.createdAt;
        return TeamView.of(t);
    }

    @Transactional
    public void removeWorkload(String team, String workload) {
        Team t = find(team);
        if (!t.workloads.removeIf(w -> w.name.equals(workload))) {
            throw new NotFoundException("team '" + team + "' has no workload '" + workload + "'");
        }
        t.updatedAt = clock.instant();
    }

    private Team find(String name) {
        return teams.findByIdOptional(name).orElseThrow(() -> new NotFoundException("no team named '" + name + "'"));
    }

    private static String name(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": required");
            return null;
        }
        String v = value.strip();
        if (!NAME.matcher(v).matches()) {
            problems.add(field + ": '" + v + "' must be 1 to 100 letters, digits, spaces, '.', '_' or '-', "
                    + "starting and ending with a letter or digit");
            return null;
        }
        return v;
    }

    private static List<String> owners(List<String> owners, List<String> problems) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (owners == null) {
            return new ArrayList<>();
        }
        for (int i = 0; i < owners.size(); i++) {
            String o = owners.get(i) == null ? "" : owners.get(i).strip();
            if (!io.ledgerhouse.domain.EmailAddresses.valid(o)) {
                problems.add("owners[" + i + "]: '" + o + "' is not an e-mail address");
            } else {
                out.add(o.toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(out);
    }

    private static String costCenter(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > 100) {
            problems.add("costCenter: at most 100 characters");
        }
        return v;
    }
}
