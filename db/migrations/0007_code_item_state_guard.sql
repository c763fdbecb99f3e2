-- The creator-code item state machine, enforced for every writer: new items start pending (or
-- skipped, when left out of the batch); afterwards only these moves are allowed. failed → applying
-- is "retry failed". Anything else (e.g. applied → applying, which could send a code twice) fails.
CREATE FUNCTION "code_batch_items_state_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW."state" NOT IN ('pending', 'skipped') THEN
			RAISE EXCEPTION 'a creator-code item starts pending or skipped, not %', NEW."state" USING ERRCODE = 'check_violation';
		END IF;
		RETURN NEW;
	END IF;
	IF NEW."state" = OLD."state" THEN
		RETURN NEW;
	END IF;
	IF (OLD."state"::text || '>' || NEW."state"::text) NOT IN (
		'pending>previewed', 'pending>applying', 'pending>already_applied', 'pending>failed', 'pending>skipped',
		'previewed>applying', 'previewed>already_applied', 'previewed>failed', 'previewed>skipped',
		'applying>applied', 'applying>already_applied', 'applying>failed',
		'failed>applying'
	) THEN
		RAISE EXCEPTION 'a creator-code item cannot move from % to %', OLD."state", NEW."state" USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "code_batch_items_state_guard" BEFORE INSERT OR UPDATE OF "state" ON "code_batch_items"
	FOR EACH ROW EXECUTE FUNCTION "code_batch_items_state_guard"();
